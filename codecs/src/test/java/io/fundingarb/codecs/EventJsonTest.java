package io.fundingarb.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.PositionSnapshotEncoder;
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
