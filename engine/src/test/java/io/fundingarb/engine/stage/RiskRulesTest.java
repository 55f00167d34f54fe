package io.fundingarb.engine.stage;

import static io.fundingarb.engine.TradingHarness.HALF_SPREAD;
import static io.fundingarb.engine.TradingHarness.HOUR;
import static io.fundingarb.engine.TradingHarness.MID;
import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.T0;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.FakeVenues;
import io.fundingarb.engine.TradingHarness;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RiskStage rule, one scenario each, through the real pipeline and journal against venues
 * that answer orders, with event times set by the test; every journal replays byte for byte. Each
 * test is named after the rule (its config key) it shows working.
 */
@Timeout(60)
class RiskRulesTest
{
    /** The base config: rules not under test are out of the way; each test sets its own. */
    private static final Map<String, String> BASE = Map.of(
        "strategy", "target_notional_usd: 1000|min_net_edge_bps: 1",
        "risk", "max_data_age: 1h|settlement_guard: 0s|stop_loss_bps: 0|max_rejects_per_minute: 100|max_consecutive_failures: 100",
        "execution", "timeout: 2s|repair_backoff_initial: 1s|repair_backoff_max: 2s");

    @TempDir
    Path tmp;

    private TradingHarness h;

    @AfterEach
    void close()
    {
        if (h != null)
        {
            h.close();
        }
    }

    /** A harness on the base config with {@code overrides} ("section.key: value") applied. */
    private TradingHarness harness(final String... overrides)
    {
        final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (final String section : new String[] {"strategy", "risk", "execution"})
        {
            final Map<String, String> keys = new LinkedHashMap<>();
            for (final String line : BASE.get(section).split("\\|"))
            {
                keys.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            }
            sections.put(section, keys);
        }
        for (final String o : overrides)
        {
            final int dot = o.indexOf('.');
            final int colon = o.indexOf(':');
            sections.get(o.substring(0, dot)).put(o.substring(dot + 1, colon), o.substring(colon + 1).trim());
        }
        final StringBuilder yaml = new StringBuilder();
        sections.forEach((section, keys) ->
        {
            yaml.append(section).append(":\n");
            keys.forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(v).append('\n'));
        });
        h = new TradingHarness(tmp.resolve("journal"), yaml.toString());
        return h;
    }

    private void openEthPair()
    {
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).as("ETH pair opened").isEqualTo(1);
    }

    private void assertClosedFor(final String reason)
    {
        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"") && e.contains(reason));
    }

    private void assertBreaker(final TradingState state, final String reason)
    {
        assertThat(h.risk().tradingState()).isEqualTo(state);
        assertThat(h.commands("RiskStateChange")).anyMatch(c -> c.contains(reason));
    }

    @Test
    void shouldExitAtTheStopLoss()
    {
        harness("risk.stop_loss_bps: 50");
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // the exit alone: no re-entry on the same opportunity after it
        h.advance(SECOND);
        assertThat(h.risk().activePairs()).as("held while the loss is small").isEqualTo(1);

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("20")); // the long leg loses ~100 bps
        h.advance(SECOND);

        assertClosedFor("stop-loss reached");
        h.closeAndVerify();
    }

    @Test
    void shouldExitAtTheTakeProfit()
    {
        harness("risk.take_profit_bps: 50");
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // the exit alone: no re-entry on the same opportunity after it
        h.advance(SECOND);
        assertThat(h.risk().activePairs()).isEqualTo(1);

        h.book(id(1, Venue.BYBIT), Venue.BYBIT, MID - FixedPoint.parse("20")); // the short leg gains ~100 bps
        h.advance(SECOND);

        assertClosedFor("take-profit reached");
        h.closeAndVerify();
    }

    @Test
    void shouldExitAtTheMaxHoldingTime()
    {
        harness("risk.max_holding_time: 2h");
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // the exit alone: no re-entry on the same opportunity after it
        h.advance(HOUR);
        assertThat(h.risk().activePairs()).as("held after 1 h").isEqualTo(1);

        h.advance(HOUR);

        assertClosedFor("maximum holding time reached");
        h.closeAndVerify();
    }

    @Test
    void shouldSizeThePairToTheMaxNotionalPerPair()
    {
        harness("risk.max_notional_per_pair_usd: 500");
        openEthPair();

        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("500 / 2000.05, lot 0.001").isEqualTo(FixedPoint.parse("0.249"));
        assertThat(h.venues.position(id(1, Venue.BYBIT))).isEqualTo(FixedPoint.parse("-0.249"));
        h.closeAndVerify();
    }

    @Test
    void shouldRefuseAnEntryBeyondTheMaxNotionalPerVenue()
    {
        harness("risk.max_notional_per_pair_usd: 1000", "risk.max_notional_per_venue_usd: 1500");
        openEthPair(); // 1000 on binance and on bybit
        h.listToken(2, "SOL", "-0.0005", "0.0009");                         // binance and bybit again: refused
        h.listToken(3, "AVAX", Venue.OKX, "-0.0004", Venue.KRAKEN, "0.0008"); // ranks below SOL, other venues
        h.venues.balance(h.now, Venue.KRAKEN, FixedPoint.parse("10000"));
        h.advance(SECOND);
        h.advance(SECOND);

        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("SOL would put 2000 on binance").isZero();
        assertThat(h.venues.position(id(3, Venue.OKX))).as("AVAX fits on okx and kraken").isPositive();
        assertThat(h.risk().pairsOpened()).isEqualTo(2);
        h.closeAndVerify();
    }

    @Test
    void shouldRefuseAnEntryBeyondTheMaxTotalNotional()
    {
        harness("risk.max_total_notional_usd: 3000");
        openEthPair(); // 2000 in all
        h.listToken(2, "SOL", Venue.OKX, "-0.0005", Venue.BYBIT, "0.0009");
        h.advance(SECOND);
        h.advance(SECOND);

        assertThat(h.risk().opportunities().count).as("SOL ranks").isEqualTo(2);
        assertThat(h.venues.position(id(2, Venue.OKX))).as("SOL would make 4000").isZero();
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldRefuseAnEntryBeyondTheMaxOpenPairs()
    {
        harness("risk.max_open_pairs: 1");
        openEthPair();
        h.listToken(2, "SOL", "-0.0005", "0.0009");
        h.advance(SECOND);

        assertThat(h.venues.position(id(2, Venue.BINANCE))).isZero();
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldRefuseAnEntryBeyondTheMaxLeverage()
    {
        harness("risk.max_leverage: 2");
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("400"); // 400 × 2 < 1000 per leg
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).as("no margin for 1000 at 2x").isZero();

        h.balances("600"); // 1200 ≥ 1000
        h.advance(SECOND);

        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        h.closeAndVerify();
    }

    /** A book on both ETH venues whose levels hold 0.1 ETH, 1.0 apart: 1000 walks five of them (~10 bps a leg). */
    private void thinBooks()
    {
        for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            h.events.snapshot(h.now, id(1, v), v, MID, HALF_SPREAD, FixedPoint.parse("1"), 10, FixedPoint.parse("0.1"));
            h.venues.touch(id(1, v), MID - HALF_SPREAD, MID + HALF_SPREAD);
        }
    }

    @Test
    void shouldRefuseAnEntryWhoseBookWalkExceedsTheMaxSlippage()
    {
        harness("risk.max_slippage_bps: 10");
        h.listToken(1, "ETH", "-0.005", "0.010"); // funding rich enough to rank despite the slippage
        thinBooks();
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().opportunities().count).as("ranked").isEqualTo(1);
        assertThat(h.risk().opportunities().slippageBps[0]).isGreaterThan(10);
        assertThat(h.risk().pairsOpened()).as("refused: ~20 bps of slippage").isZero();

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID);
        h.book(id(1, Venue.BYBIT), Venue.BYBIT, MID);
        h.advance(SECOND);

        assertThat(h.risk().pairsOpened()).as("entered on deep books").isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldNotEnterALegThatPaysASettlementWithinTheSettlementGuard()
    {
        harness("risk.settlement_guard: 10m");
        h.now = T0 + HOUR - 5 * 60 * SECOND; // binance and bybit settle at T0 + 1 h
        h.listToken(1, "ETH", "0.0005", "0.0020"); // the long leg pays 0.05 % at that settlement
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).as("5 min before paying: no entry").isZero();

        h.advance(6 * 60 * SECOND); // the settlement has passed
        h.funding(id(1, Venue.BINANCE), Venue.BINANCE, "0.0005");
        h.advance(SECOND);

        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        h.closeAndVerify();
    }

    /** ETH listed on binance and bybit, bybit rejecting every order, for {@code seconds} of timers. */
    private void bybitRejectsEveryOrder(final String override, final int seconds)
    {
        harness(override);
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.REJECT, 1_000);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.run(seconds * SECOND, SECOND);
    }

    @Test
    void shouldReduceAtTheMaxRejectsPerMinute()
    {
        bybitRejectsEveryOrder("risk.max_rejects_per_minute: 2", 10);

        assertBreaker(TradingState.REDUCING, "too many order rejects in a minute");
        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("the filled leg unwound").isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldReduceAtTheMaxConsecutiveFailures()
    {
        bybitRejectsEveryOrder("risk.max_consecutive_failures: 2", 20);

        assertBreaker(TradingState.REDUCING, "too many consecutive failed entries");
        assertThat(h.risk().pairsFailed()).isEqualTo(2);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldHaltOnNakedExposureWhenRepairsKeepFailing()
    {
        harness("execution.max_exit_attempts: 2");
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.REJECT, 1_000);          // the hedge cannot be completed
        h.venues.rejectReduceOnlyUntil(Venue.BINANCE, T0 + 20 * SECOND);   // nor the filled leg unwound, for 20 s
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.run(10 * SECOND, SECOND / 4);

        assertBreaker(TradingState.HALTED, "repairs of unhedged exposure keep failing");
        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("still naked while the venue refuses").isPositive();

        h.run(20 * SECOND, SECOND);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("repairs go on: flat once it accepts").isZero();
        assertThat(h.risk().isFlat()).isTrue();
        h.closeAndVerify();
    }

    @Test
    void shouldHaltOnExitIncompleteWhenClosingOrdersKeepFailing()
    {
        harness("execution.max_exit_attempts: 2");
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // the exit alone: no re-entry on the same opportunity after it
        h.venues.rejectReduceOnlyUntil(Venue.BINANCE, h.now + 20 * SECOND);
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(10 * SECOND, SECOND / 4);

        assertBreaker(TradingState.HALTED, "closing orders keep failing to flatten a leg");
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isPositive();

        h.run(20 * SECOND, SECOND);
        assertClosedFor("operator closed the pair");
        h.closeAndVerify();
    }

    @Test
    void shouldReduceAtTheDailyLossLimitAndKeepTheOpenPair()
    {
        harness("risk.daily_loss_limit_usd: 100", "risk.daily_loss_halt_usd: 0");
        openEthPair();

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("250")); // long leg −125 USD
        h.advance(SECOND);
        h.listToken(2, "SOL", "-0.0010", "0.0020");
        h.advance(SECOND);

        assertBreaker(TradingState.REDUCING, "daily loss limit reached");
        assertThat(h.risk().activePairs()).as("REDUCING keeps what is open").isEqualTo(1);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("no new entry").isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldHaltAndFlattenAtTheDailyLossHalt()
    {
        harness("risk.daily_loss_limit_usd: 0", "risk.daily_loss_halt_usd: 100");
        openEthPair();

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("250"));
        h.advance(SECOND);
        h.advance(SECOND);

        assertBreaker(TradingState.HALTED, "daily loss halt reached");
        assertThat(h.transitions()).containsExactly("ACTIVE>HALTED");
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).as("flattened").isTrue();
        h.closeAndVerify();
    }
}
