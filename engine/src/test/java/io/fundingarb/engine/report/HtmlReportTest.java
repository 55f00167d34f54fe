package io.fundingarb.engine.report;

import static io.fundingarb.engine.TradingHarness.HOUR;
import static io.fundingarb.engine.TradingHarness.MID;
import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TradingHarness;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a session that opened a pair, collected two funding payments, was paused and
 * resumed, and closed the pair: the file is parsed back and its series and tables checked against
 * the journal's figures.
 */
@Timeout(60)
class HtmlReportTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          min_liquidation_distance: 0
        execution:
          timeout: 2s
        """;

    @TempDir
    Path tmp;

    private TradingHarness h;
    private long funding;
    private SessionReport report;
    private String html;
    private JsonNode data;

    @BeforeEach
    void session() throws Exception
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        h.events.operator(h.now, OperatorAction.PAUSE, 0);
        h.advance(SECOND);
        h.events.operator(h.now, OperatorAction.RESUME, 0);
        h.advance(SECOND);
        h.now += HOUR;
        funding = h.venues.settle(h.now, id(1, Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("-0.0005"), MID)
            + h.venues.settle(h.now, id(1, Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0010"), MID);
        h.settle();
        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "-0.0005"); // the spread collapses
        h.advance(SECOND);
        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        h.closeAndVerify();
        report = SessionReport.of(h.journal);
        final Path file = tmp.resolve("out/report.html");
        HtmlReport.write(report, "journal", file);
        html = Files.readString(file);
        final Matcher json = Pattern.compile("<script type=\"application/json\" id=\"fundingarb-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(json.find()).isTrue();
        data = new ObjectMapper().readTree(json.group(1));
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    private static BigDecimal lastValue(final JsonNode series)
    {
        return new BigDecimal(series.get(series.size() - 1).get(1).asText());
    }

    private static BigDecimal decimal(final long fixed)
    {
        return BigDecimal.valueOf(fixed, 9);
    }

    @Test
    void shouldEndTheEquityCurveAtTheRealisedPnlWhenNoPairIsOpen()
    {
        final JsonNode equity = data.at("/quotes/USDT/equity");
        assertThat(lastValue(equity)).isEqualByComparingTo(decimal(h.expectedRealised()));
        assertThat(lastValue(equity)).isEqualByComparingTo(decimal(report.realisedByQuote().get("USDT")));
    }

    @Test
    void shouldRaiseEquityByTheFundingReceivedWhileThePairIsOpen()
    {
        final JsonNode equity = data.at("/quotes/USDT/equity");
        assertThat(equity.size()).as("two payments, then the close").isEqualTo(3);
        assertThat(new BigDecimal(equity.get(1).get(1).asText())).isEqualByComparingTo(decimal(funding));
    }

    @Test
    void shouldEndFundingFeesAndSlippageAtTheReportTotals()
    {
        assertThat(lastValue(data.at("/quotes/USDT/funding"))).isEqualByComparingTo(decimal(report.fundingByQuote.get("USDT")));
        assertThat(lastValue(data.at("/quotes/USDT/fees"))).isEqualByComparingTo(decimal(report.feesByQuote.get("USDT")));
        assertThat(lastValue(data.at("/quotes/USDT/slippage"))).isEqualByComparingTo(decimal(report.slippageByQuote.get("USDT")));
        assertThat(data.at("/quotes/USDT/fees").size()).as("a step per fill").isEqualTo(4);
    }

    @Test
    void shouldKeepTheDrawdownAtOrBelowZero()
    {
        final JsonNode drawdown = data.at("/quotes/USDT/drawdown");
        assertThat(drawdown.size()).isEqualTo(data.at("/quotes/USDT/equity").size());
        drawdown.forEach(point -> assertThat(new BigDecimal(point.get(1).asText())).isLessThanOrEqualTo(BigDecimal.ZERO));
    }

    @Test
    void shouldDrawAPolylineWithAStepPerPointOfEachSeries()
    {
        for (final String series : new String[] {"equity", "drawdown", "funding", "fees", "slippage"})
        {
            assertThat(html).contains("<polyline data-series=\"" + series + "\" data-steps=\"" + data.at("/quotes/USDT/" + series).size() + "\"");
        }
    }

    @Test
    void shouldListThePairAndItsVenuePair()
    {
        assertThat(html).contains("<tr data-pair=\"1\"><td>#1</td><td>ETH</td><td>binance:ETHUSDT</td><td>bybit:ETHUSDT</td><td>USDT</td>");
        final Matcher venuePairs = Pattern.compile("<table id=\"venue-pairs\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertThat(venuePairs.find()).isTrue();
        assertThat(venuePairs.group(1)).contains("<tr><td>binance</td><td>bybit</td><td>USDT</td><td class=\"num\">1</td>");
        assertThat(data.at("/pairs/0/realised").asText()).isEqualTo(FixedPoint.toString(h.expectedRealised()));
    }

    @Test
    void shouldShowFeesAndSlippageAsAmountsPaidPositive()
    {
        assertThat(html).contains("<th>funding</th><th>fees paid</th><th>slippage paid</th>");
        assertThat(html).containsPattern("<tr data-pair=\"1\">.*?<td class=\"num\">\\+[0-9.]+</td><td class=\"num\">\\+[0-9.]+</td><td class=\"num\">[+-][0-9.]+</td>");
    }

    @Test
    void shouldListTheBreakerTransitions()
    {
        assertThat(data.at("/breaker").size()).isEqualTo(2);
        assertThat(data.at("/breaker/0/to").asText()).isEqualTo("PAUSED");
        assertThat(data.at("/breaker/1/to").asText()).isEqualTo("ACTIVE");
        assertThat(html).contains("<td>ACTIVE</td><td>PAUSED</td>");
    }

    @Test
    void shouldNeedNothingFromTheNetwork()
    {
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://").doesNotContain("https://")
            .doesNotContain("<script src").doesNotContain("<link");
    }
}
