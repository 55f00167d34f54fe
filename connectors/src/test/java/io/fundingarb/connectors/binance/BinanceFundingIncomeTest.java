package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.VenueSymbols;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/**
 * Funding attribution from the income history, on the documented payloads
 * (resources fixtures/binance, README there names the doc pages).
 */
class BinanceFundingIncomeTest
{
    private static final int BTC = 1;
    private static final int ETH = 2;

    private final GatewayEventSink sink = new GatewayEventSink();
    private final BinanceFundingIncome income = new BinanceFundingIncome(
        new VenueSymbols().add(BTC, "BTCUSDT").add(ETH, "ETHUSDT"),
        new GatewayPublisher(sink, new SystemEpochNanoClock(), Venue.BINANCE), 1_570_000_000_000L);

    static String fixture(final String name)
    {
        try (InputStream in = BinanceFundingIncomeTest.class.getResourceAsStream("/fixtures/binance/" + name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** One income answer, then its payments published as the gateway does once the rates are asked. */
    private int respond(final String body)
    {
        final int records = income.onResponse(body);
        income.publishHeld();
        return records;
    }

    @Test
    void shouldPublishEachFundingRecordOnItsInstrumentWithTheExactAmount()
    {
        assertThat(respond(fixture("income-funding-fee.json"))).isEqualTo(3);

        assertThat(sink.fundings()).containsExactly(
            new GatewayEventSink.Funding(BTC, Venue.BINANCE, FixedPoint.parse("-0.00632514"), FixedPoint.NULL, FixedPoint.NULL),
            new GatewayEventSink.Funding(ETH, Venue.BINANCE, FixedPoint.parse("0.0125"), FixedPoint.NULL, FixedPoint.NULL));
    }

    @Test
    void shouldCountFundingOnASymbolTheEngineDoesNotTradeWithoutPublishingIt()
    {
        respond(fixture("income-funding-fee.json"));

        assertThat(income.published()).isEqualTo(2);
        assertThat(income.skipped()).isEqualTo(1); // DOGEUSDT
    }

    @Test
    void shouldPublishARecordOnceWhenPagesOverlap()
    {
        respond(fixture("income-funding-fee.json"));
        respond(fixture("income-funding-fee.json"));

        assertThat(sink.fundings()).hasSize(2);
        assertThat(income.duplicates()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreIncomeThatIsNotFunding()
    {
        assertThat(income.onResponse(fixture("income-history-documented.json"))).isEqualTo(2);

        assertThat(sink.fundings()).isEmpty();
        assertThat(income.skipped()).isZero();
    }

    @Test
    void shouldMatchTheFundingTheStreamAnnouncedWithTheRecordsThatExplainIt()
    {
        income.onStreamFunding(FixedPoint.parse("-0.00632514"));
        income.onStreamFunding(FixedPoint.parse("0.0125"));
        income.onStreamFunding(FixedPoint.parse("-0.001"));
        assertThat(income.pendingAmount()).isNotZero();

        income.onResponse(fixture("income-funding-fee.json"));

        assertThat(income.pendingAmount()).isZero();
    }

    @Test
    void shouldAskFromTheNewestSettlementSeenOnwards()
    {
        final AsciiBuilder query = new AsciiBuilder(128);
        assertThat(income.query(query, 5000, 1_570_000_000_123L).toString())
            .isEqualTo("incomeType=FUNDING_FEE&startTime=1570000000000&limit=1000&recvWindow=5000&timestamp=1570000000123");

        income.onResponse(fixture("income-funding-fee.json"));

        assertThat(income.query(query, 5000, 1_570_636_900_000L).toString()).contains("startTime=1570636800000&");
    }

    @Test
    void shouldSkipAVenueErrorOrAMalformedBodyWithoutPublishing()
    {
        assertThat(income.onResponse("{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}")).isEqualTo(-1);
        assertThat(income.onResponse("[{\"symbol\":\"BTCUSDT\",")).isEqualTo(-1);
        assertThat(income.onResponse("[{\"symbol\":\"BTCUSDT\",\"incomeType\":\"FUNDING_FEE\",\"income\":\"x\",\"asset\":\"USDT\",\"time\":1,\"tranId\":7}]"))
            .isEqualTo(1);

        assertThat(sink.fundings()).isEmpty();
        assertThat(income.skipped()).isEqualTo(3);
    }

    @Test
    void shouldReadATranIdGivenAsAStringToo()
    {
        respond("[{\"symbol\":\"BTCUSDT\",\"incomeType\":\"FUNDING_FEE\",\"income\":\"-1\",\"asset\":\"USDT\",\"info\":\"FUNDING_FEE\","
            + "\"time\":1570636800000,\"tranId\":\"9689322392\",\"tradeId\":\"\"}]");

        assertThat(sink.fundings()).singleElement().satisfies(f -> assertThat(f.amount()).isEqualTo(-FixedPoint.SCALE));
    }

    @Test
    void shouldGiveAPaymentTheRateTheVenueSettledAtItsTime()
    {
        income.onResponse(fixture("income-funding-fee.json"));
        assertThat(sink.fundings()).as("held until the rates are asked").isEmpty();
        assertThat(income.unpricedSymbols()).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(income.ratesQuery("BTCUSDT")).isEqualTo("symbol=BTCUSDT&startTime=1570636740000&endTime=1570636860000&limit=1000");

        income.onRates(fixture("funding-rate-history.json")); // BTCUSDT settled 0.0001 at 1570636800000, the records' time
        income.publishHeld();

        assertThat(sink.fundings()).containsExactly(
            new GatewayEventSink.Funding(BTC, Venue.BINANCE, FixedPoint.parse("-0.00632514"), FixedPoint.parse("0.0001"), FixedPoint.NULL),
            new GatewayEventSink.Funding(ETH, Venue.BINANCE, FixedPoint.parse("0.0125"), FixedPoint.NULL, FixedPoint.NULL));
        assertThat(income.unrated()).as("ETHUSDT: the history gave no rate").isEqualTo(1);
    }

    @Test
    void shouldTakeNoRateFromASettlementTooFarFromThePayment()
    {
        income.onRates(fixture("funding-rate-history.json"));

        assertThat(income.rateAt("BTCUSDT", 1_570_608_000_000L + BinanceFundingIncome.RATE_MATCH_MS)).isEqualTo(FixedPoint.parse("-0.0375"));
        assertThat(income.rateAt("BTCUSDT", 1_570_608_000_000L + BinanceFundingIncome.RATE_MATCH_MS + 1)).isEqualTo(FixedPoint.NULL);
        assertThat(income.rateAt("ETHUSDT", 1_570_608_000_000L)).isEqualTo(FixedPoint.NULL);
    }
}
