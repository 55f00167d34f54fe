package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.app.StatusFormat;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arbitrage core: availability, normalisation, net edge and the global ranking. */
class MarketStageTest
{
    static final long T0 = 1_772_323_200_000_000_000L; // 2026-03-01T00:00Z
    static final long HOUR = 3_600_000_000_000L;
    static final long PRICE = FixedPoint.parse("100");
    static final long CENT = FixedPoint.parse("0.01");

    private FundingArbConfig config;
    private MarketView view;
    private MarketStage market;
    private DirectSink sink;
    private TestEvents events;
    private long now = T0;

    MarketStageTest()
    {
        configure(ConfigLoader.defaults());
    }

    private static MarketStageTest with(final String yaml)
    {
        return new MarketStageTest().configure(ConfigLoader.parse(yaml, "test.yaml"));
    }

    private MarketStageTest configure(final FundingArbConfig config)
    {
        this.config = config;
        this.view = new MarketView(256, config.strategy().topN());
        this.market = new MarketStage(256, config.strategy(), config.venues(), view);
        this.sink = new DirectSink(market);
        this.events = new TestEvents(sink);
        return this;
    }

    static int instrument(final int token, final Venue venue)
    {
        return token * 10 + venue.value();
    }

    /** Lists a token on a venue with a deep book around 100 and plenty of volume; funding next settles in 1 h. */
    void list(final int token, final String name, final Venue venue, final String ratePerInterval, final int intervalHours)
    {
        list(token, name, venue, Quote.USDT, ratePerInterval, intervalHours);
    }

    void list(final int token, final String name, final Venue venue, final Quote quote, final String ratePerInterval, final int intervalHours)
    {
        list(token, name, venue, quote, ratePerInterval, intervalHours, 1);
    }

    void list(
        final int token, final String name, final Venue venue, final Quote quote, final String ratePerInterval, final int intervalHours,
        final long multiplier)
    {
        final int id = instrument(token, venue) + (quote == Quote.USDC ? 100_000 : 0);
        events.definition(now, id, token, venue, quote, name + quote, name, multiplier * FixedPoint.SCALE);
        events.ticker(now, id, venue, FixedPoint.parse("5000000"));
        events.snapshot(now, id, venue, PRICE, CENT, CENT, 10, FixedPoint.parse("100"));
        funding(token, venue, ratePerInterval, intervalHours, quote);
    }

    void funding(final int token, final Venue venue, final String rate, final int intervalHours)
    {
        funding(token, venue, rate, intervalHours, Quote.USDT);
    }

    void funding(final int token, final Venue venue, final String rate, final int intervalHours, final Quote quote)
    {
        final int id = instrument(token, venue) + (quote == Quote.USDC ? 100_000 : 0);
        events.funding(now, id, venue, FixedPoint.parse(rate), intervalHours * 3600, now + HOUR, PRICE);
    }

    MarketView.Snapshot snapshot()
    {
        final MarketView.Snapshot s = new MarketView.Snapshot(256, config.strategy().topN());
        assertThat(view.read(s)).isTrue();
        return s;
    }

    @Test
    void shouldPairATokenListedOnFourVenuesSixWays()
    {
        list(1, "APT", Venue.BINANCE, "0.0001", 8);
        list(1, "APT", Venue.BYBIT, "0.0010", 8);
        list(1, "APT", Venue.OKX, "-0.0005", 8);
        list(1, "APT", Venue.HYPERLIQUID, "0.00002", 1);

        final List<String> matrix = StatusFormat.availability(snapshot(), List.of());
        assertThat(matrix.get(1)).startsWith(String.format("%s | %-6s | %-6d | %s ", "✅    ", "APT", 4, "binance, bybit, okx, hyperliquid")).endsWith(" | 6");
        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.bestLongInstrument(1)).as("long where funding is cheapest").isEqualTo(instrument(1, Venue.OKX));
        assertThat(market.bestShortInstrument(1)).as("short where it is richest").isEqualTo(instrument(1, Venue.BYBIT));
    }

    @Test
    void shouldStopPricingAVenueWhoseMarketDataGoesDown()
    {
        listKaitoRankedOnBybitAndBinance();

        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.DOWN, "public: connection closed by peer");

        assertThat(market.rankedCount()).as("no pair priced off a book that stopped updating").isZero();
        assertThat(market.marketDataOutages()).isEqualTo(1);
    }

    @Test
    void shouldPriceAgainOnlyAfterTheBookIsUpdatedOnceTheVenueIsLive()
    {
        listKaitoRankedOnBybitAndBinance();
        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.STALE, "no data for 5 s");
        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.LIVE, "");
        funding(2, Venue.BYBIT, "0.0031", 8);
        assertThat(market.rankedCount()).as("LIVE again, but the book is the one from before the outage").isZero();

        events.book(now, instrument(2, Venue.BYBIT), Venue.BYBIT, 7, 0, PRICE); // a diff, now that the venue is LIVE

        assertThat(market.rankedCount()).isEqualTo(1);
    }

    @Test
    void shouldPriceAgainFromTheSnapshotTheFeedTakesOnReconnect()
    {
        listKaitoRankedOnBybitAndBinance();
        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.DOWN, "closed");
        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.CONNECTING, "127.0.0.1");

        events.snapshot(now, instrument(2, Venue.BYBIT), Venue.BYBIT, PRICE, CENT, CENT, 10, FixedPoint.parse("100"));

        assertThat(market.rankedCount()).as("a snapshot is fresh before the LIVE that follows it").isEqualTo(1);
    }

    @Test
    void shouldKeepPricingTheOtherBooksWhileOneIsResynced()
    {
        listKaitoRankedOnBybitAndBinance();

        events.venueStatus(now, Venue.BINANCE, StreamKind.MARKET_DATA, FeedState.RESYNCING, "public: resync instrument 13");

        assertThat(market.rankedCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepPricingWhenOnlyTheOrderStreamDrops()
    {
        listKaitoRankedOnBybitAndBinance();

        events.venueStatus(now, Venue.BYBIT, StreamKind.ORDERS, FeedState.DOWN, "private: connection closed by peer");

        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.marketDataOutages()).isZero();
    }

    /** KAITO short on Bybit, long on Binance: one ranked pair. */
    private void listKaitoRankedOnBybitAndBinance()
    {
        list(2, "KAITO", Venue.BYBIT, "0.0030", 8);
        list(2, "KAITO", Venue.BINANCE, "-0.0010", 8);
        assertThat(market.rankedCount()).isEqualTo(1);
    }

    @Test
    void shouldScanOnlyTheTwoVenuesOfATokenListedTwice()
    {
        list(2, "KAITO", Venue.BYBIT, "0.0030", 8);
        list(2, "KAITO", Venue.BINANCE, "-0.0010", 8);

        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.bestLongInstrument(2)).isEqualTo(instrument(2, Venue.BINANCE));
        assertThat(market.bestShortInstrument(2)).isEqualTo(instrument(2, Venue.BYBIT));
        assertThat(StatusFormat.availability(snapshot(), List.of()).get(1)).contains("| 2      |").endsWith("| 1");
        assertThat(market.unknownInstrumentEvents()).isZero();
    }

    @Test
    void shouldSkipATokenOnOneVenueQuietly()
    {
        list(3, "RARE", Venue.BYBIT, "0.0100", 8);

        assertThat(market.rankedCount()).isZero();
        assertThat(market.netEdgeBps(3)).isNaN();
        final List<String> matrix = StatusFormat.availability(snapshot(), List.of("RARE", "XYZ"));
        assertThat(matrix.get(1)).startsWith("⚠️").contains("RARE").contains("bybit").endsWith("| 0");
        assertThat(matrix.get(2)).startsWith("❌").contains("XYZ").contains("| -").endsWith("| 0");
    }

    @Test
    void shouldRankTheHighestSpreadFirstAndFallBackToTheNext()
    {
        list(4, "WIF", Venue.BINANCE, "-0.0020", 8);
        list(4, "WIF", Venue.BYBIT, "0.0040", 8);
        list(5, "SUI", Venue.BINANCE, "0.0001", 8);
        list(5, "SUI", Venue.BYBIT, "0.0021", 8);

        assertThat(market.rankedCount()).isEqualTo(2);
        assertThat(market.rankedTokenId(0)).isEqualTo(4);
        assertThat(market.rankedTokenId(1)).isEqualTo(5);
        assertThat(StatusFormat.ranking(snapshot(), Duration.ofHours(24)).get(0))
            .startsWith("#1: WIF long binance / short bybit | spread 0.0750%/h | net ");

        funding(4, Venue.BYBIT, "-0.0020", 8); // WIF's spread collapses

        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.rankedTokenId(0)).isEqualTo(5);
        assertThat(market.top().tokenId[0]).isEqualTo(5);
        assertThat(sink.slot().rankingChanged).isTrue();
        assertThat(sink.slot().opportunities.tokenId[0]).isEqualTo(5);
    }

    @Test
    void shouldDecayAnHourlyLegsFundingAtTheSameSpeedInTimeAsAnEightHourlyOne()
    {
        // live --sim's SUI: binance +0.13 %/8 h, bybit -0.07 %/8 h, kraken -0.02 %/h, every next settlement 1 h away
        list(8, "SUI", Venue.BINANCE, "0.0013", 8);
        list(8, "SUI", Venue.BYBIT, "-0.0007", 8);
        list(8, "SUI", Venue.KRAKEN, "-0.0002", 1);
        final PairTerms kraken = market.inspectPair(instrument(8, Venue.KRAKEN), instrument(8, Venue.BINANCE));
        final PairTerms bybit = market.inspectPair(instrument(8, Venue.BYBIT), instrument(8, Venue.BINANCE));

        // kraken's spread is wider: 0.02 + 0.13 / 8 = 0.03625 %/h against (0.13 + 0.07) / 8 = 0.025 %/h
        assertThat(kraken.spreadPerSecond() * 3600).isCloseTo(0.0003625, within(1e-12));
        assertThat(bybit.spreadPerSecond() * 3600).isCloseTo(0.00025, within(1e-12));
        // the decay 0.8 is per 8 hours: kraken's 24 hourly settlements each decay by 0.8^(1/8), and are worth
        // 17.7 hours of its rate over the 24 h horizon, near the 2.44 × 8 h = 19.5 hours binance's and bybit's 3 are worth
        // (decayed 0.8 per settlement, the hourly leg counted 5.0 hours and the pair lost to bybit's: 17.7 against 23.8 bps)
        final double hourly = Math.pow(0.8, 1.0 / 8);
        assertThat(kraken.longLeg().weight()).isCloseTo((1 - Math.pow(hourly, 24)) / (1 - hourly), within(1e-9));
        assertThat(kraken.longLeg().weight()).isCloseTo(17.74, within(0.01));
        assertThat(bybit.longLeg().weight()).isCloseTo(2.44, within(1e-12));
        assertThat(bybit.longLeg().expectedFunding() * 1e4).isCloseTo(7 * 2.44, within(1e-9));
        assertThat(kraken.netEdgeBps()).isGreaterThan(bybit.netEdgeBps());
        // the ranking holds each token once, at its best pair: now SUI long kraken
        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.bestLongInstrument(8)).isEqualTo(instrument(8, Venue.KRAKEN));
    }

    @Test
    void shouldFilterAHighSpreadWithLowVolumeAndTakeTheNext()
    {
        list(6, "ORDI", Venue.BINANCE, "-0.0050", 8);
        list(6, "ORDI", Venue.BYBIT, "0.0050", 8);
        list(7, "TIA", Venue.BINANCE, "0.0000", 8);
        list(7, "TIA", Venue.BYBIT, "0.0020", 8);
        assertThat(market.rankedTokenId(0)).isEqualTo(6);

        events.ticker(now, instrument(6, Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("10000"));

        assertThat(market.rankedCount()).isEqualTo(1);
        assertThat(market.rankedTokenId(0)).isEqualTo(7);
        assertThat(market.netEdgeBps(6)).isNaN();
    }

    @Test
    void shouldNormaliseAtOnceWhenTheIntervalChanges()
    {
        list(8, "BTC", Venue.BINANCE, "0.0008", 8);
        list(8, "BTC", Venue.HYPERLIQUID, "0.0000", 1);
        assertThat(market.ratePerHour(instrument(8, Venue.BINANCE))).isCloseTo(0.0001, within(1e-15));

        funding(8, Venue.BINANCE, "0.0008", 4);

        assertThat(market.fundingIntervalS(instrument(8, Venue.BINANCE))).isEqualTo(4 * 3600);
        assertThat(market.ratePerHour(instrument(8, Venue.BINANCE))).isCloseTo(0.0002, within(1e-15));
        assertThat(market.top().spreadPerHour[0]).isCloseTo(0.0002, within(1e-15));
    }

    @Test
    void shouldPriceTheNetEdgeFromSettlementsFeesSlippageAndBasis()
    {
        // short bybit at 0.2 % per 8 h; long binance at 0; books 100 ± 0.01, 100 per level: the target
        // notional (1000) fills at the touch, so slippage is the half-spread on entry and on exit.
        list(9, "ETH", Venue.BINANCE, "0", 8);
        list(9, "ETH", Venue.BYBIT, "0.002", 8);

        // settlements in 24 h from a next settlement 1 h away at 8 h intervals: 1 h, 9 h, 17 h = 3, the
        // first at today's rate and each later one decayed by 0.8 (the default)
        final double funding = (1 + 0.8 + 0.8 * 0.8) * 0.002;
        final double fees = 2 * 0.0005 + 2 * 0.00055;
        final double slippage = 2 * (0.01 / 100) * 2;
        assertThat(market.top().fundingBps[0]).isCloseTo(funding * 1e4, within(1e-9));
        assertThat(market.top().costBps[0]).isCloseTo((fees + slippage) * 1e4, within(1e-9));
        assertThat(market.top().basisBps[0]).isCloseTo(0, within(1e-9));
        assertThat(market.netEdgeBps(9)).isCloseTo((funding - fees - slippage) * 1e4, within(1e-9));
        assertThat(market.top().longPrice[0]).isEqualTo(FixedPoint.parse("100.01"));
        assertThat(market.top().shortPrice[0]).isEqualTo(FixedPoint.parse("99.99"));
    }

    @Test
    void shouldCountOnlySettlementsInsideTheHorizon()
    {
        final MarketStageTest t = with("strategy:\n  horizon: 1h\n  min_net_edge_bps: 0\n");
        t.list(10, "SOL", Venue.BINANCE, "0.008", 8);
        t.list(10, "SOL", Venue.HYPERLIQUID, "0.005", 1);
        // binance next settles in 7 h: outside a 1 h horizon, so a long there pays nothing in it
        t.events.funding(t.now, instrument(10, Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("0.008"), 8 * 3600, t.now + 7 * HOUR, PRICE);

        // per hour binance 0.001 < hyperliquid 0.005: long binance, short hyperliquid
        assertThat(t.market.bestLongInstrument(10)).isEqualTo(instrument(10, Venue.BINANCE));
        assertThat(t.market.top().fundingBps[0]).as("one hyperliquid settlement, no binance one").isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldReevaluateWhenASettlementLeavesTheHorizonWithNoNewData()
    {
        final MarketStageTest t = with("strategy:\n  horizon: 1h\n  min_net_edge_bps: 0\n");
        t.list(11, "DOGE", Venue.BINANCE, "-0.008", 8); // next settlement 1 h away: inside the horizon
        t.list(11, "DOGE", Venue.HYPERLIQUID, "0.004", 1);
        final double before = t.market.top().fundingBps[0];

        t.now += HOUR + 1; // past binance's settlement: its next is now 8 h away
        t.events.timer(t.now, io.fundingarb.codecs.sbe.TimerKind.TICK, 1);

        assertThat(before).isCloseTo(120.0, within(1e-9));
        assertThat(t.market.top().fundingBps[0]).as("hyperliquid settles hourly; binance's next is out of the horizon").isCloseTo(40.0, within(1e-9));
    }

    @Test
    void shouldNotPairUsdtWithUsdcUnlessAllowed()
    {
        list(12, "LINK", Venue.BINANCE, Quote.USDT, "-0.0010", 8);
        list(12, "LINK", Venue.HYPERLIQUID, Quote.USDC, "0.0005", 1);
        assertThat(market.rankedCount()).as("no USDC/USDT rate yet: cross-quote pairs are off by default").isZero();

        final MarketStageTest cross = with("strategy:\n  allow_cross_quote: true\n");
        cross.list(12, "LINK", Venue.BINANCE, Quote.USDT, "-0.0010", 8);
        cross.list(12, "LINK", Venue.HYPERLIQUID, Quote.USDC, "0.0005", 1);
        assertThat(cross.market.rankedCount()).isEqualTo(1);
    }

    @Test
    void shouldPairBundledListingsOnlyWhenTheirContractValuesAreEqual()
    {
        list(20, "PEPE", Venue.BINANCE, Quote.USDT, "-0.0010", 8, 1000);
        list(20, "PEPE", Venue.BYBIT, Quote.USDT, "0.0010", 8, 10_000);
        assertThat(market.rankedCount()).as("1000PEPE against 10000PEPE: the legs' units differ").isZero();

        list(20, "PEPE", Venue.HYPERLIQUID, Quote.USDT, "0.0005", 1, 1000);
        assertThat(market.rankedCount()).as("1000PEPE against kPEPE: both 1,000 PEPE").isEqualTo(1);
        assertThat(market.top().longInstrumentId[0]).isEqualTo(instrument(20, Venue.BINANCE));
        assertThat(market.top().shortInstrumentId[0]).isEqualTo(instrument(20, Venue.HYPERLIQUID));
    }

    /** Expected funding (bps over 24 h) of short bybit at {@code rate} per 8 h against long binance at 0, under a decay. */
    private static double fundingOver24h(final String decay, final String rate)
    {
        final MarketStageTest t = with("strategy:\n  horizon: 24h\n  funding_decay_per_settlement: " + decay + "\n");
        t.list(15, "AVAX", Venue.BINANCE, "0", 8);
        t.list(15, "AVAX", Venue.BYBIT, rate, 8);
        return t.market.top().fundingBps[0];
    }

    @Test
    void shouldExpectEveryLaterSettlementAtTheRateDecayedOnceMore()
    {
        assertThat(fundingOver24h("0.5", "0.004")).as("three settlements: 0.004 + 0.002 + 0.001").isCloseTo(70.0, within(1e-9));
    }

    @Test
    void shouldExpectTodaysRateAtEverySettlementWithoutDecay()
    {
        assertThat(fundingOver24h("1", "0.002")).isCloseTo(60.0, within(1e-9));
    }

    /** How much a basis of 0.5 % (short bybit above the long) adds to a pair's net edge, in bps, under a config. */
    private static double edgeFromBasis(final String yaml)
    {
        final MarketStageTest t = with(yaml);
        t.list(17, "ATOM", Venue.BINANCE, "0", 8);
        t.list(17, "ATOM", Venue.BYBIT, "0.002", 8);
        final double flat = t.market.netEdgeBps(17);
        t.events.snapshot(t.now, instrument(17, Venue.BYBIT), Venue.BYBIT, PRICE + FixedPoint.parse("0.5"), CENT, CENT, 10,
            FixedPoint.parse("100"));
        assertThat(t.market.top().basisBps[0]).as("the basis is shown").isCloseTo(50.0, within(1e-6));
        return t.market.netEdgeBps(17) - flat;
    }

    @Test
    void shouldCountTheEntryBasisNeitherAsEdgeNorAsCostByDefault()
    {
        // slippage moves with the price by < 0.01 bp
        assertThat(edgeFromBasis("strategy:\n  min_net_edge_bps: 5\n")).isCloseTo(0.0, within(1e-2));
    }

    @Test
    void shouldCountTheShareOfTheEntryBasisTheExitIsExpectedToRealise()
    {
        assertThat(edgeFromBasis("strategy:\n  basis_capture: 0.5\n")).as("half of 50 bps").isCloseTo(25.0, within(1e-2));
    }

    @Test
    void shouldPreferTheConfiguredQuoteOnAVenueListingBoth()
    {
        final MarketStageTest strict = with("strategy:\n  allow_cross_quote: false\n");
        strict.list(13, "ARB", Venue.BINANCE, Quote.USDC, "-0.0010", 8);
        strict.list(13, "ARB", Venue.BINANCE, Quote.USDT, "-0.0010", 8);
        strict.list(13, "ARB", Venue.BYBIT, Quote.USDT, "0.0010", 8);

        assertThat(strict.market.bestLongInstrument(13)).as("USDT preferred over USDC").isEqualTo(instrument(13, Venue.BINANCE));
    }

    @Test
    void shouldCountMarketDataForUnknownInstrumentsWithoutFailing()
    {
        events.funding(now, 999, Venue.BINANCE, FixedPoint.parse("0.01"), PRICE);
        events.book(now, 999, Venue.BINANCE, 5, 3, PRICE);

        assertThat(market.unknownInstrumentEvents()).isEqualTo(2);
        assertThat(market.rankedCount()).isZero();
    }

    @Test
    void shouldIgnoreDeltasUntilTheFirstSnapshot()
    {
        events.definition(now, 77, 14, Venue.BINANCE, "OPUSDT", "OP");
        events.book(now, 77, Venue.BINANCE, 5, 3, PRICE);

        assertThat(market.bookWithoutSnapshotEvents()).isEqualTo(1);
    }
}
