package io.fundingarb.engine.app;

import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.FakeVenues;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.stage.TradingState;
import io.fundingarb.engine.journal.JournalCheck;
import io.fundingarb.engine.journal.JournalFixture;
import io.fundingarb.engine.journal.JournalFormat;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart and reconcile through the real pipeline: a session opens a pair and stops; the next one
 * carries its journal over (the commands decided on it are journaled, never sent), reconciles with
 * the venues' positions before any order, handles what the journal cannot explain per
 * {@code recovery.orphans}, and its journal replays byte for byte on its own.
 */
@Timeout(60)
class SessionResumeTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          max_rejects_per_minute: 100
        execution:
          timeout: 2s
          repair_backoff_initial: 1s
          repair_backoff_max: 30s
        recovery:
          reconcile_timeout: 5s
        """;
    private static final int ETH = 1;
    private static final int BINANCE_ETH = id(ETH, Venue.BINANCE);
    private static final int BYBIT_ETH = id(ETH, Venue.BYBIT);

    @TempDir
    Path tmp;

    private TradingHarness h;
    private Map<Integer, Long> held;

    @AfterEach
    void close()
    {
        if (h != null)
        {
            h.close();
        }
    }

    /** Session 1 opens an ETH pair (long Binance, short Bybit) and stops; session 2 carries its journal over. */
    private void resume(final String extraConfig)
    {
        resumeFrom(tmp.resolve("s1"), firstSessionOpensAPair(extraConfig), false, extraConfig);
    }

    /** Session 1 (journal s1) opens an ETH pair and stops; returns when session 2 may start. */
    private long firstSessionOpensAPair(final String extraConfig)
    {
        final TradingHarness first = new TradingHarness(tmp.resolve("s1"), CONFIG + extraConfig);
        first.listToken(ETH, "ETH", "-0.0005", "0.0010");
        first.balances("10000");
        first.advance(SECOND);
        assertThat(first.risk().pairsOpened()).isEqualTo(1);
        held = first.venues.positions();
        final long markerTs = first.now + SECOND;
        first.close();
        return markerTs;
    }

    /** Session 2 carries {@code journal} over at {@code markerTs}; the venues hold what session 1 left. */
    private void resumeFrom(final Path journal, final long markerTs, final boolean allowDamaged, final String extraConfig)
    {
        final SessionResumeLoader loader = new SessionResumeLoader(journal, allowDamaged, Set.of(Venue.BINANCE, Venue.BYBIT));
        h = new TradingHarness(tmp.resolve("s2"), CONFIG + extraConfig, loader.markerSeq(), sink -> loader.publish(sink, markerTs));
        h.now = markerTs;
        held.forEach(h.venues::setPosition); // the venues' accounts outlive the engine
        h.book(BINANCE_ETH, Venue.BINANCE, TradingHarness.MID);
        h.book(BYBIT_ETH, Venue.BYBIT, TradingHarness.MID);
        h.advance(SECOND);
    }

    private void bothVenuesAnswer()
    {
        h.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        h.positions(Venue.BYBIT, PositionSource.START, 1, BYBIT_ETH);
        h.advance(SECOND);
    }

    private List<String> reconciled(final String reasonText)
    {
        return h.commands("PairEvent").stream().filter(e -> e.contains("\"kind\":\"RECONCILED\"") && e.contains(reasonText)).toList();
    }

    @Test
    void shouldRebuildThePairFromTheCarriedOverJournalWithoutSendingItsOrders()
    {
        resume("");

        assertThat(h.venues.orders()).as("orders sent").isZero();
        assertThat(h.commands("OrderCommand")).as("the entry journaled again").hasSize(2);
        assertThat(h.risk().activePairs()).isEqualTo(1);
        assertThat(h.risk().longQuantity(1)).isEqualTo(held.get(BINANCE_ETH));
        assertThat(h.risk().shortQuantity(1)).isEqualTo(-held.get(BYBIT_ETH));
    }

    @Test
    void shouldPlaceNoOrderUntilEveryVenueHasAnswered()
    {
        resume("");
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        h.advance(SECOND);

        assertThat(h.venues.orders()).isZero();
        assertThat(h.risk().reconcilePending()).isEqualTo(1 << Venue.BYBIT.value());
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);
    }

    @Test
    void shouldAdoptPositionsThatMatchTheJournalAndManageThePairOn()
    {
        resume("");
        bothVenuesAnswer();

        assertThat(h.risk().tradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(h.risk().positionsAdopted()).isEqualTo(2);
        assertThat(reconciled("matches the journal")).hasSize(2);
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // no new entry once it is closed
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.advance(SECOND);
        assertThat(h.venuesFlat(BINANCE_ETH, BYBIT_ETH)).isTrue();
        h.closeAndVerify();
    }

    @Test
    void shouldNumberNewPairsAfterTheCarriedOverOnes()
    {
        resume("");
        bothVenuesAnswer();
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(3 * SECOND, SECOND / 4); // closed, then the same opportunity is entered again

        assertThat(h.risk().pairsOpened()).isEqualTo(2);
        assertThat(h.commands("OrderCommand")).anySatisfy(o -> assertThat(o).contains("\"pairId\":2,"));
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindAVenuePositionTheJournalDoesNotExplainThenTradeAgain()
    {
        resume("");
        h.venues.setPosition(BINANCE_ETH, held.get(BINANCE_ETH) + FixedPoint.parse("0.2")); // filled while the engine was down
        bothVenuesAnswer();
        h.run(3 * SECOND, SECOND / 4);

        assertThat(reconciled("recovery.orphans: unwind")).hasSize(1).allSatisfy(e -> assertThat(e).contains("\"quantity\":0.2,"));
        assertThat(h.venues.position(BINANCE_ETH)).isEqualTo(held.get(BINANCE_ETH));
        assertThat(h.transitions()).containsSubsequence("ACTIVE>REDUCING", "REDUCING>REDUCING", "REDUCING>ACTIVE");
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(h.risk().tokenExposure(ETH)).isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldTakeAnOrphanIntoTheBookWithoutBlockingEntriesUnderAdopt()
    {
        resume("  orphans: adopt\n");
        h.venues.setPosition(BYBIT_ETH, held.get(BYBIT_ETH) - FixedPoint.parse("0.2"));
        bothVenuesAnswer();
        h.run(3 * SECOND, SECOND / 4);

        assertThat(reconciled("recovery.orphans: adopt")).hasSize(1);
        assertThat(h.transitions()).containsExactly("ACTIVE>REDUCING", "REDUCING>ACTIVE");
        assertThat(h.venues.position(BYBIT_ETH)).isEqualTo(held.get(BYBIT_ETH));
        h.closeAndVerify();
    }

    @Test
    void shouldHaltAndSendNothingOnAnOrphanUnderHalt()
    {
        resume("  orphans: halt\n");
        h.venues.setPosition(BINANCE_ETH, held.get(BINANCE_ETH) + FixedPoint.parse("0.2"));
        bothVenuesAnswer();
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(5 * SECOND, SECOND / 4);

        assertThat(h.risk().tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(h.risk().frozen()).isTrue();
        assertThat(h.venues.orders()).isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldReportAVenueThatNeverAnswersAndKeepEntriesBlockedWhileTheBookIsManaged()
    {
        resume("");
        h.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        h.run(6 * SECOND, SECOND / 4); // past recovery.reconcile_timeout
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(3 * SECOND, SECOND / 4);

        assertThat(h.commands("RiskStateChange")).anySatisfy(c -> assertThat(c).contains("recovery.reconcile_timeout"));
        assertThat(h.venuesFlat(BINANCE_ETH, BYBIT_ETH)).as("the pair's exit went out after the timeout").isTrue();
        assertThat(h.risk().pairsOpened()).as("no new entry").isEqualTo(1);
        assertThat(h.riskView.isFlat()).isTrue();
        h.closeAndVerify();
    }

    @Test
    void shouldRefuseToTradeOnAFreshStartOntoExistingPositionsAndNameThem()
    {
        h = new TradingHarness(tmp.resolve("fresh"), CONFIG);
        h.listToken(ETH, "ETH", "-0.0005", "0.0010");
        h.venues.setPosition(BINANCE_ETH, FixedPoint.parse("0.3"));
        h.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        h.positions(Venue.BYBIT, PositionSource.START, 1, BYBIT_ETH);
        h.balances("10000");
        h.run(3 * SECOND, SECOND / 4);

        assertThat(h.venues.orders()).isZero();
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(h.risk().frozen()).isTrue();
        assertThat(reconciled("venue positions found at start")).hasSize(1).allSatisfy(e -> assertThat(e).contains("\"quantity\":0.3,"));
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindExistingPositionsOnAStartWithUnwindOrphans()
    {
        final SessionResumeLoader loader = new SessionResumeLoader(null, false, Set.of(Venue.BINANCE, Venue.BYBIT));
        h = new TradingHarness(tmp.resolve("fresh"), CONFIG, loader.markerSeq(), sink -> loader.publish(sink, TradingHarness.T0));
        h.listToken(ETH, "ETH", "-0.0005", "0.0010");
        h.venues.setPosition(BINANCE_ETH, FixedPoint.parse("0.3"));
        h.balances("10000");
        bothVenuesAnswer();
        h.run(3 * SECOND, SECOND / 4);

        assertThat(h.venues.fills()).first().satisfies(f ->
        {
            assertThat(f.instrumentId()).isEqualTo(BINANCE_ETH);
            assertThat(f.buy()).isFalse();
            assertThat(f.qty()).isEqualTo(FixedPoint.parse("0.3"));
        });
        assertThat(reconciled("recovery.orphans: unwind")).hasSize(1);
        assertThat(h.risk().tokenExposure(ETH)).isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindWhatAStartFoundWhenThatSessionIsResumed()
    {
        final TradingHarness frozen = new TradingHarness(tmp.resolve("frozen"), CONFIG);
        frozen.listToken(ETH, "ETH", "-0.0005", "0.0010");
        frozen.venues.setPosition(BINANCE_ETH, FixedPoint.parse("0.3"));
        frozen.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        frozen.balances("10000");
        frozen.advance(SECOND);
        assertThat(frozen.risk().frozen()).isTrue();
        final long markerTs = frozen.now + SECOND;
        frozen.close();

        final SessionResumeLoader loader = new SessionResumeLoader(tmp.resolve("frozen"), false, Set.of(Venue.BINANCE, Venue.BYBIT));
        h = new TradingHarness(tmp.resolve("resumed"), CONFIG, loader.markerSeq(), sink -> loader.publish(sink, markerTs));
        h.now = markerTs;
        h.venues.setPosition(BINANCE_ETH, FixedPoint.parse("0.3"));
        h.book(BINANCE_ETH, Venue.BINANCE, TradingHarness.MID);
        h.book(BYBIT_ETH, Venue.BYBIT, TradingHarness.MID);
        bothVenuesAnswer();
        h.run(3 * SECOND, SECOND / 4);

        assertThat(h.risk().frozen()).isFalse();
        assertThat(h.transitions()).containsSubsequence("ACTIVE>HALTED", "HALTED>REDUCING");
        assertThat(reconciled("recovery.orphans: unwind")).hasSize(1);
        assertThat(h.venues.fills()).first().satisfies(f -> assertThat(f.qty()).isEqualTo(FixedPoint.parse("0.3")));
        h.closeAndVerify();
    }

    /**
     * Session 1 (epoch 1764000000) opens an ETH pair whose Bybit leg the venue takes and does not
     * answer before the session stops; returns that order.
     */
    private FakeVenues.SilentOrder firstSessionLeavesAnOrderUnanswered() throws Exception
    {
        final TradingHarness first = new TradingHarness(tmp.resolve("s1"), CONFIG);
        first.venues.mode(Venue.BYBIT, FakeVenues.Mode.SILENT, 1);
        first.listToken(ETH, "ETH", "-0.0005", "0.0010");
        first.balances("10000");
        first.advance(SECOND);
        held = first.venues.positions();
        final FakeVenues.SilentOrder silent = first.venues.silentOrders().get(0);
        first.close();
        Files.writeString(tmp.resolve("s1").resolve(SessionEpoch.FILE), "1764000000\n");
        return silent;
    }

    @Test
    void shouldListTheOrdersTheCarriedSessionNeverSawFinishUnderTheEpochTheyWereSentWith() throws Exception
    {
        final FakeVenues.SilentOrder silent = firstSessionLeavesAnOrderUnanswered();

        final SessionResumeLoader loader = new SessionResumeLoader(tmp.resolve("s1"), false, Set.of(Venue.BINANCE, Venue.BYBIT));

        assertThat(loader.unfinished(Venue.BINANCE)).isEmpty(); // its leg filled
        assertThat(loader.unfinished(Venue.BYBIT)).singleElement().satisfies(o ->
        {
            assertThat(o.clientOrderId()).isEqualTo(silent.clientOrderId());
            assertThat(o.epoch()).isEqualTo(1_764_000_000L);
            assertThat(o.pairId()).isEqualTo(silent.pairId());
            assertThat(o.instrumentId()).isEqualTo(BYBIT_ETH);
            assertThat(o.quantity()).isEqualTo(silent.qty());
            assertThat(o.cumQty()).isZero();
        });
    }

    @Test
    void shouldBookOnItsPairAFillThePreviousSessionNeverSawAndFindNoOrphan() throws Exception
    {
        final FakeVenues.SilentOrder silent = firstSessionLeavesAnOrderUnanswered();
        final SessionResumeLoader loader = new SessionResumeLoader(tmp.resolve("s1"), false, Set.of(Venue.BINANCE, Venue.BYBIT));
        final long markerTs = TradingHarness.T0 + 3 * SECOND;
        h = new TradingHarness(tmp.resolve("s2"), CONFIG, loader.markerSeq(), sink -> loader.publish(sink, markerTs));
        h.now = markerTs;
        held.forEach(h.venues::setPosition);
        h.book(BINANCE_ETH, Venue.BINANCE, TradingHarness.MID);
        h.book(BYBIT_ETH, Venue.BYBIT, TradingHarness.MID);
        h.advance(SECOND);

        h.venues.fillLate(h.now, silent); // the gateway's answer for it: filled while no engine ran, published before the positions
        h.advance(SECOND);
        bothVenuesAnswer();

        assertThat(h.risk().orphansFound()).isZero();
        assertThat(h.risk().orphanPositions()).isZero();
        assertThat(reconciled("adopted")).hasSize(2);
        assertThat(h.risk().activePairs()).isEqualTo(1);
        assertThat(h.risk().shortQuantity(1)).isEqualTo(silent.qty());
        assertThat(h.risk().longQuantity(1)).isEqualTo(silent.qty());
    }

    @Test
    void shouldTakeALegTheVenueNoLongerHoldsOffThePairAndUnwindTheOtherWithoutAnOrphan()
    {
        resume("");
        h.venues.setPosition(BYBIT_ETH, 0); // the short leg was closed at the venue; the journal never saw it
        h.positions(Venue.BINANCE, PositionSource.START, 1, BINANCE_ETH);
        h.positions(Venue.BYBIT, PositionSource.START, 1, BYBIT_ETH);
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // no new pair after this one
        h.run(10 * SECOND, SECOND / 4);

        assertThat(h.risk().orphanPositions()).isZero();
        assertThat(h.venues.reduceOnlyRefused()).as("reduce-only orders against a position the venue no longer holds").isZero();
        assertThat(h.venuesFlat(BINANCE_ETH, BYBIT_ETH)).isTrue();
        assertThat(h.risk().activePairs()).isZero();
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.PAUSED); // not REDUCING for an orphan that is not there
    }

    @Test
    void shouldEndFlatWhenResumingWithAllowDamagedFromAJournalDamagedBeforeThePairsFills() throws Exception
    {
        final long markerTs = firstSessionOpensAPair("");
        // a byte of the first fill's record flipped: the carried-over book has the pair's orders but none of its fills
        final Path damaged = JournalFixture.rewrite(tmp.resolve("s1"), tmp.resolve("s1-damaged"), documents ->
        {
            final byte[] fill = documents.stream().filter(d -> JournalFixture.kind(d) == JournalFormat.KIND_RECORD
                && new UnsafeBuffer(d).getShort(2, ByteOrder.LITTLE_ENDIAN) == ExecutionReportDecoder.TEMPLATE_ID).findFirst().orElseThrow();
            fill[MessageHeaderDecoder.ENCODED_LENGTH + 3] ^= 0x40;
            return documents;
        });
        assertThat(JournalCheck.run(damaged).firstDamage()).contains("checksum mismatch");

        resumeFrom(damaged, markerTs, true, ""); // the venues are the source of truth: they hold both legs
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // no new pair: what is left is what the resume decided
        bothVenuesAnswer();
        h.run(10 * SECOND, SECOND / 4);

        assertThat(h.risk().orphansFound()).as("both legs the journal lost, found at the venues").isGreaterThan(0);
        assertThat(h.venuesFlat(BINANCE_ETH, BYBIT_ETH)).as("venue positions %s; pair events %s", h.venues.positions(), h.commands("PairEvent")).isTrue();
        assertThat(h.risk().tokenExposure(ETH)).isZero();
        // the operator's pause, given while the resume reconciled, outlives the reduction: no new pair
        assertThat(h.transitions()).containsSubsequence("ACTIVE>REDUCING", "REDUCING>PAUSED");
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.PAUSED);
        assertThat(h.commands("PairEvent")).noneSatisfy(e -> assertThat(e).contains("\"kind\":\"OPENING\"").contains("\"pairId\":4"));
        h.closeAndVerify();
    }
}
