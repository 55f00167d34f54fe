package io.fundingarb.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.PositionSnapshotEncoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.SessionResumeEncoder;
import io.fundingarb.codecs.sbe.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Events rendered as the replay --print lines an auditor reads. */
class EventJsonTest
{
    @Test
    void shouldRenderAPositionSnapshotWithEveryField()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final PositionSnapshotEncoder encoder = new PositionSnapshotEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsInitNs(2).tsEventNs(1).venue(Venue.BINANCE).instrumentId(7)
            .quantity(FixedPoint.parse("-0.01")).entryPrice(FixedPoint.parse("65000.5")).markPrice(FixedPoint.parse("65010"))
            .liquidationPrice(FixedPoint.NULL).maintenanceMargin(FixedPoint.parse("2.6"))
            .leverage(5).marginMode(MarginMode.CROSS).source(PositionSource.RECONCILE).batchId(3).batchIndex(0).batchSize(2);

        final String json = new EventJson().append(new StringBuilder(), 42, buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()).toString();

        assertThat(json).isEqualTo("{\"seq\":42,\"type\":\"PositionSnapshot\",\"tsInitNs\":2,\"tsEventNs\":1,\"venue\":\"BINANCE\","
            + "\"instrumentId\":7,\"quantity\":-0.01,\"entryPrice\":65000.5,\"markPrice\":65010,\"liquidationPrice\":null,"
            + "\"maintenanceMargin\":2.6,\"leverage\":5,\"marginMode\":\"CROSS\",\"source\":\"RECONCILE\",\"batchId\":3,\"batchIndex\":0,\"batchSize\":2}");
    }

    private static ExecutionReportEncoder fill(final UnsafeBuffer buffer)
    {
        return new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsInitNs(2).tsEventNs(1).clientOrderId(5).pairId(0).instrumentId(7).venue(Venue.BINANCE).side(Side.SELL).execType(ExecType.FILL)
            .lastPrice(FixedPoint.parse("100")).lastQty(FixedPoint.parse("1")).cumQty(FixedPoint.parse("1")).leavesQty(0)
            .fee(FixedPoint.parse("0.0001")).rejectCode(0);
    }

    @Test
    void shouldRenderTheFeeAssetAndExecFlagOfAVersion3Report()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ExecutionReportEncoder encoder = fill(buffer).feeAsset(Asset.BNB).execFlag(ExecFlag.LIQUIDATION).reason("");

        final String json = new EventJson().append(new StringBuilder(), -1, buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()).toString();

        assertThat(json).contains("\"fee\":0.0001,\"rejectCode\":0,\"feeAsset\":\"BNB\",\"execFlag\":\"LIQUIDATION\",\"reason\":\"\"");
    }

    @Test
    void shouldDecodeAVersion2ReportAsFeeInTheQuoteWithoutFlag()
    {
        // a report as version 2 wrote it: the block ends after rejectCode, the reason follows at once
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        fill(buffer);
        final int oldBlock = ExecutionReportEncoder.BLOCK_LENGTH - 2;
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(oldBlock).version(2);
        buffer.putShort(MessageHeaderEncoder.ENCODED_LENGTH + oldBlock, (short)0, java.nio.ByteOrder.LITTLE_ENDIAN);
        final ExecutionReportDecoder report = new ExecutionReportDecoder().wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, oldBlock, 2);

        assertThat(report.feeAsset()).isEqualTo(Asset.NULL_VAL);
        assertThat(EventJson.feeAssetOf(report, Quote.USDC)).isEqualTo(Asset.USDC);
        assertThat(EventJson.execFlagOf(report)).isEqualTo(ExecFlag.NONE);
        assertThat(report.fee()).isEqualTo(FixedPoint.parse("0.0001"));
        final String json = new EventJson().append(new StringBuilder(), -1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + oldBlock + 2).toString();
        assertThat(json).doesNotContain("feeAsset").endsWith("\"rejectCode\":0,\"reason\":\"\"}");
    }

    @Test
    void shouldReadAFeeAssetNeverSetAsTheQuoteWithoutThrowing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ExecutionReportEncoder encoder = fill(buffer).reason(""); // a writer that sets neither field: raw 0
        final ExecutionReportDecoder report = new ExecutionReportDecoder().wrapAndApplyHeader(buffer, 0, new io.fundingarb.codecs.sbe.MessageHeaderDecoder());

        assertThat(EventJson.feeAssetOf(report, Quote.USDT)).isEqualTo(Asset.USDT);
        assertThat(EventJson.execFlagOf(report)).isEqualTo(ExecFlag.NONE);
        assertThat(new EventJson().append(new StringBuilder(), -1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()).toString())
            .contains("\"feeAsset\":\"NULL_VAL\",\"execFlag\":\"NONE\"");
    }

    @Test
    void shouldRenderASessionResumeMarker()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final SessionResumeEncoder encoder = new SessionResumeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsInitNs(5).tsEventNs(4).previousEpoch(1_733_000_000L).carriedEvents(1234).venueMask(6).damaged(BooleanType.FALSE);

        final String json = new EventJson().append(new StringBuilder(), 1234, buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()).toString();

        assertThat(json).isEqualTo("{\"seq\":1234,\"type\":\"SessionResume\",\"tsInitNs\":5,\"tsEventNs\":4,\"previousEpoch\":1733000000,"
            + "\"carriedEvents\":1234,\"venueMask\":6,\"damaged\":\"FALSE\"}");
    }
}
