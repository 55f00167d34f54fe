package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.Gen;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The incremental ranking agrees with a naive oracle that recomputes every ordered pair of every
 * token from scratch, from the latest raw state, on random event sequences.
 */
class MarketStageOracleTest
{
    private static final Venue[] VENUES = {Venue.BINANCE, Venue.BYBIT, Venue.OKX, Venue.HYPERLIQUID, Venue.KRAKEN};
    private static final long HOUR = 3_600_000_000_000L;
    private static final FundingArbConfig CONFIG = ConfigLoader.parse(
        "strategy:\n  min_net_edge_bps: 0\n  min_funding_rate_profitability: 0.0\n  top_n: 16\n"
            + "  basis_capture: 0.3\n  funding_decay_per_settlement: 0.7\n", "oracle.yaml");

    /** One random input: kind 0 funding, 1 book snapshot, 2 empty book delta, 3 volume, 4 time passes. */
    record Step(int kind, int token, int venue, int a, int b, int c)
    {
    }

    private static List<Step> steps(final Gen g)
    {
        return g.list(1, 300, () -> new Step(
            g.between(0, 4), g.between(1, 6), g.between(0, VENUES.length - 1), g.between(-300, 300), g.between(1, 8), g.between(0, 40)));
    }

    @Test
    void shouldRankLikeTheNaiveOracle()
    {
        Gen.forAll("shouldRankLikeTheNaiveOracle", 200, g -> rankLikeTheNaiveOracle(steps(g), g.anyLong()));
    }

    private static void rankLikeTheNaiveOracle(final List<Step> steps, final long listingSeed)
    {
        final MarketStage market = new MarketStage(256, CONFIG.strategy(), CONFIG.venues(), null);
        final DirectSink sink = new DirectSink(market);
        final TestEvents events = new TestEvents(sink);
        final Oracle oracle = new Oracle();
        long now = 1_772_323_200_000_000_000L;

        // listings: each token on a random subset of venues
        long seed = listingSeed | 1;
        for (int token = 1; token <= 6; token++)
        {
            for (int v = 0; v < VENUES.length; v++)
            {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                if ((seed & 3) != 0)
                {
                    final int id = token * 10 + v;
                    events.definition(now, id, token, VENUES[v], Quote.USDT, "T" + token + "V" + v, "T" + token);
                    oracle.define(id, token, VENUES[v].value());
                }
            }
        }
        for (final Step s : steps)
        {
            final int id = s.token() * 10 + s.venue();
            final Venue venue = VENUES[s.venue()];
            switch (s.kind())
            {
                case 0:
                    final long rate = s.a() * 10_000L; // ±0.003
                    final int intervalS = (s.b() % 3 == 0 ? 1 : s.b() % 3 == 1 ? 4 : 8) * 3600;
                    final long next = now + (s.c() % 9) * HOUR + HOUR / 2;
                    events.funding(now, id, venue, rate, intervalS, next, FixedPoint.NULL);
                    oracle.funding(id, rate, intervalS, next);
                    break;
                case 1:
                    final long mid = FixedPoint.parse("100") + s.a() * 1_000_000L;
                    final long half = (s.b()) * 1_000_000L;
                    final long size = (s.c() + 1) * 500_000_000L;
                    events.snapshot(now, id, venue, mid, half, 10_000_000L, 10, size);
                    oracle.snapshot(id, mid, half, 10_000_000L, 10, size);
                    break;
                case 2:
                    events.book(now, id, venue, s.c(), 0, FixedPoint.parse("100")); // an empty delta: only the sequence moves
                    oracle.touch(id);
                    break;
                case 3:
                    final long volume = s.c() * 5_000L * FixedPoint.SCALE;
                    events.ticker(now, id, venue, volume);
                    oracle.volume(id, volume);
                    break;
                default:
                    now += s.c() * HOUR / 4;
                    events.timer(now, TimerKind.TICK, s.c());
                    break;
            }
        }
        now += 1;
        events.timer(now, TimerKind.TICK, 0);

        final List<double[]> expected = oracle.ranking(now);
        assertThat(market.rankedCount()).as("ranked tokens").isEqualTo(expected.size());
        for (int r = 0; r < expected.size(); r++)
        {
            final int tokenId = market.rankedTokenId(r);
            final double[] e = expected.get(r);
            assertThat(market.netEdgeBps(tokenId)).as("net edge at rank %d", r).isCloseTo(e[1], offset(1e-6));
            if (r + 1 < expected.size() && Math.abs(expected.get(r + 1)[1] - e[1]) > 1e-6 && (r == 0 || Math.abs(expected.get(r - 1)[1] - e[1]) > 1e-6))
            {
                assertThat(tokenId).as("token at rank %d", r).isEqualTo((int)e[0]);
            }
        }
    }

    /** The naive version: raw state only, everything recomputed on demand, TreeMap books. */
    static final class Oracle
    {
        final Map<Integer, int[]> defs = new TreeMap<>();        // id -> {token, venue}
        final Map<Integer, long[]> fundingState = new HashMap<>(); // id -> {rate, intervalS, next}
        final Map<Integer, TreeMap<Long, Long>> bids = new HashMap<>();
        final Map<Integer, TreeMap<Long, Long>> asks = new HashMap<>();
        final Map<Integer, Long> volumes = new HashMap<>();

        void define(final int id, final int token, final int venue)
        {
            defs.put(id, new int[] {token, venue});
        }

        void funding(final int id, final long rate, final int intervalS, final long next)
        {
            if (defs.containsKey(id))
            {
                fundingState.put(id, new long[] {rate, intervalS, next});
            }
        }

        void snapshot(final int id, final long mid, final long half, final long step, final int levels, final long size)
        {
            if (!defs.containsKey(id))
            {
                return;
            }
            final TreeMap<Long, Long> b = new TreeMap<>(Comparator.reverseOrder());
            final TreeMap<Long, Long> a = new TreeMap<>();
            for (int i = 0; i < levels; i++)
            {
                b.put(mid - half - i * step, size);
                a.put(mid + half + i * step, size);
            }
            bids.put(id, b);
            asks.put(id, a);
        }

        void touch(final int id)
        {
            // an empty delta changes nothing
        }

        void volume(final int id, final long volume)
        {
            if (defs.containsKey(id))
            {
                volumes.put(id, volume);
            }
        }

        static double vwap(final TreeMap<Long, Long> side, final double notional)
        {
            double remaining = notional;
            double qty = 0;
            for (final Map.Entry<Long, Long> level : side.entrySet())
            {
                final double px = level.getKey() * 1e-9;
                final double q = level.getValue() * 1e-9;
                if (px * q >= remaining)
                {
                    qty += remaining / px;
                    return notional / qty;
                }
                qty += q;
                remaining -= px * q;
            }
            return Double.NaN;
        }

        /** {tokenId, netBps} of every token with a qualifying pair, best first. */
        List<double[]> ranking(final long now)
        {
            final double notional = CONFIG.strategy().targetNotionalUsd();
            final long horizon = CONFIG.strategy().horizon().toNanos();
            final Map<Integer, Double> best = new TreeMap<>();
            for (final Map.Entry<Integer, int[]> x : defs.entrySet())
            {
                for (final Map.Entry<Integer, int[]> y : defs.entrySet())
                {
                    final int a = x.getKey();
                    final int b = y.getKey();
                    if (a == b || x.getValue()[0] != y.getValue()[0] || x.getValue()[1] == y.getValue()[1])
                    {
                        continue;
                    }
                    final double[] la = leg(a, now, horizon, notional);
                    final double[] lb = leg(b, now, horizon, notional);
                    if (la == null || lb == null)
                    {
                        continue;
                    }
                    final double spreadPerSecond = lb[0] - la[0];
                    if (spreadPerSecond * 86_400.0 < CONFIG.strategy().minFundingRateProfitability())
                    {
                        continue;
                    }
                    final double net = lb[1] - la[1] - la[2] - lb[2] + CONFIG.strategy().basisCapture() * ((lb[3] - la[3]) / la[3]);
                    if (net * 1e4 >= CONFIG.strategy().minNetEdgeBps())
                    {
                        best.merge(x.getValue()[0], net * 1e4, Math::max);
                    }
                }
            }
            final List<double[]> out = new ArrayList<>();
            best.forEach((token, net) -> out.add(new double[] {token, net}));
            out.sort((p, q) -> p[1] != q[1] ? Double.compare(q[1], p[1]) : Double.compare(p[0], q[0]));
            return out;
        }

        /** {rate per second, funding received as short over the horizon, cost, mid}, or null when not tradable. */
        double[] leg(final int id, final long now, final long horizon, final double notional)
        {
            final long[] f = fundingState.get(id);
            final TreeMap<Long, Long> b = bids.get(id);
            final TreeMap<Long, Long> a = asks.get(id);
            final Long volume = volumes.get(id);
            if (f == null || b == null || b.isEmpty() || a.isEmpty()
                || (volume != null && volume * 1e-9 < CONFIG.strategy().minDailyVolumeUsd()))
            {
                return null;
            }
            final double rate = f[0] * 1e-9;
            final long intervalNs = f[1] * 1_000_000_000L;
            long next = f[2];
            while (next <= now)
            {
                next += intervalNs;
            }
            // today's rate at the next settlement; each later one decayed by the configured decay per 8 hours of its interval
            final double decayPerSettlement = Math.pow(CONFIG.strategy().fundingDecayPerSettlement(), f[1] / 28_800.0);
            double expected = 0;
            double factor = 1;
            for (long t = next; t <= now + horizon; t += intervalNs)
            {
                expected += factor * rate;
                factor *= decayPerSettlement;
            }
            final double bid = b.firstKey() * 1e-9;
            final double ask = a.firstKey() * 1e-9;
            final double m = (bid + ask) * 0.5;
            final double buy = vwap(a, notional);
            final double sell = vwap(b, notional);
            if (Double.isNaN(buy) || Double.isNaN(sell) || bid >= ask)
            {
                return null;
            }
            final int venue = defs.get(id)[1];
            final double fee = CONFIG.venues().byVenueId(venue).takerFee();
            return new double[] {rate / f[1], expected, 2 * fee + (buy - m) / m + (m - sell) / m, m};
        }
    }
}
