package io.fundingarb.engine.app;

import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.PairPhase;
import io.fundingarb.engine.stage.RiskView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's price shock ({@code demo.shock_at}): once the compressed clock has passed that much
 * history, the first open pair's token jumps by one factor on both simulated venues (the
 * simulators' {@code shock}, which also liquidates whatever the jump leaves without margin). The
 * factor brings the short leg to half of {@code risk.min_liquidation_distance} from its liquidation
 * price, (1 + d) / (1 + target) with d the leg's distance before: inside the monitor's threshold,
 * short of the venue's liquidation, so the engine closes the pair before the venue would. The pair
 * stays hedged through it: both legs move together, each simulator's book with its price at once, and the short
 * leg's venue last, so that the monitor's trigger (that leg's new book or mark) finds the other venues moved already
 * and the close meets the shocked books on both. The jump is at
 * most {@link #MAX_FACTOR}: in cross margin the wallet usually keeps a leg further than that from
 * liquidation, and the demo then has no shock to show (it says so). Runs on the session loop's thread; the
 * simulators' answer reaches the engine as market data and position snapshots, so replay sees it.
 */
final class DemoShock
{
    /** The largest jump the demo makes (+50 %: alts moved that much in the 10 Oct 2025 crash). */
    static final double MAX_FACTOR = 1.5;

    private final FundingArbAgent agent;
    private final SimulatedVenues sims;
    private final CompressedClock clock;
    private long atNs;
    private final double target;
    private final RiskView.Snapshot risk = new RiskView.Snapshot(64);
    private String outcome;

    /**
     * @param historyStartNs the demo's first instant (epoch ns)
     * @param shockAt        history time after it; zero = no shock
     * @param minDistance    {@code risk.min_liquidation_distance} (0: the shock still aims at 5 %)
     */
    DemoShock(
        final FundingArbAgent agent, final SimulatedVenues sims, final CompressedClock clock, final long historyStartNs, final Duration shockAt,
        final double minDistance)
    {
        this.agent = agent;
        this.sims = sims;
        this.clock = clock;
        this.atNs = shockAt.isZero() ? Long.MAX_VALUE : historyStartNs + shockAt.toNanos();
        this.target = minDistance > 0 ? minDistance / 2 : 0.05;
        this.outcome = shockAt.isZero() ? null : "none: no open pair's short leg was within a +50 % jump of liquidation "
            + "(in cross margin the wallet keeps it further; venues.<venue>.margin_mode: isolated brings it within reach)";
    }

    /** Called on every tick of the session loop: shocks once, when due and a pair is open; returns what it did, or null. */
    String poll()
    {
        if (clock.nanoTime() < atNs || !agent.riskView().read(risk))
        {
            return null;
        }
        for (int i = 0; i < risk.count; i++)
        {
            final double d = risk.shortLiquidationDistance[i];
            if (risk.pairState[i] != PairPhase.OPEN || Double.isNaN(d) || Double.isInfinite(d) || d <= target
                || (1 + d) / (1 + target) > MAX_FACTOR)
            {
                continue;
            }
            final MarketView.Snapshot market = new MarketView.Snapshot(4096, 16);
            agent.marketView().read(market);
            final String token = market.tokenName(risk.tokenId[i]);
            final double factor = (1 + d) / (1 + target);
            final String shortVenue = StatusFormat.venueName(risk.shortVenue[i]);
            final List<String> shocked = new ArrayList<>();
            for (final String venue : sims.servers().keySet())
            {
                if (!venue.equals(shortVenue) && shock(venue, token, factor))
                {
                    shocked.add(venue);
                }
            }
            if (shock(shortVenue, token, factor))
            {
                shocked.add(shortVenue);
            }
            outcome = String.format(Locale.ROOT, "%s x%.3f at %s on %s: pair #%d's short leg (%s) from %.1f%% to about %.1f%% of its "
                + "liquidation price", token, factor, Instant.ofEpochMilli(clock.nanoTime() / 1_000_000L).truncatedTo(ChronoUnit.MINUTES),
                String.join(", ", shocked), risk.pairId[i], StatusFormat.venueName(risk.shortVenue[i]), d * 100, target * 100);
            atNs = Long.MAX_VALUE;
            return "price shock: " + outcome;
        }
        return null;
    }

    /** Shocks the token on one venue's simulator; false when that venue does not list it (a token on two venues moves on those two only). */
    private boolean shock(final String venue, final String token, final double factor)
    {
        final SimulatorServer server = sims.server(venue);
        if (server != null && sims.lists(venue, token))
        {
            server.shock(VenueAdapters.byName(venue).symbol(token, "USDT"), factor);
            return true;
        }
        return false;
    }

    /** What the shock did, for the report; null when the demo has none. */
    String outcome()
    {
        return outcome;
    }
}
