package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.history.FundingHistory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A symbol's funding rate as a function of simulated time: a list of settlements
 * (settlement time, rate, interval). At time {@code t} the venue shows the rate of the first
 * settlement after {@code t} and that settlement's time as "next funding time", the same
 * convention as {@code HistoryReplayFeed}. Past the last point the last rate repeats on its
 * interval grid; before the first, the first point applies.
 */
public final class FundingPath
{
    /** One settlement: when, the rate per interval, the interval in hours. */
    public record Point(long settlementMs, BigDecimal rate, int intervalHours)
    {
        public Point
        {
            if (intervalHours <= 0)
            {
                throw new IllegalArgumentException("intervalHours must be > 0, was " + intervalHours);
            }
        }
    }

    /** What the venue shows at a moment. */
    public record Current(BigDecimal rate, long nextFundingMs, int intervalHours)
    {
    }

    private static final long MS_PER_HOUR = 3_600_000L;

    private final List<Point> points;

    private FundingPath(final List<Point> points)
    {
        if (points.isEmpty())
        {
            throw new IllegalArgumentException("a funding path needs at least one point");
        }
        this.points = points;
    }

    public static FundingPath of(final List<Point> points)
    {
        final List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(Point::settlementMs));
        return new FundingPath(List.copyOf(sorted));
    }

    /** A constant rate settling on the UTC grid of {@code intervalHours}. */
    public static FundingPath constant(final String rate, final int intervalHours)
    {
        return new FundingPath(List.of(new Point(0, new BigDecimal(rate), intervalHours)));
    }

    /** The settlements of one (venue, symbol) from the bundled history. */
    public static FundingPath fromHistory(final List<FundingHistory.Settlement> settlements)
    {
        final List<Point> points = new ArrayList<>(settlements.size());
        for (final FundingHistory.Settlement s : settlements)
        {
            points.add(new Point(s.settlementMs(), BigDecimal.valueOf(s.fundingRate(), 9).stripTrailingZeros(), Math.max(1, s.intervalS() / 3600)));
        }
        return of(points);
    }

    /** The rate, next settlement and interval shown at {@code nowMs}. */
    public Current at(final long nowMs)
    {
        int lo = 0;
        int hi = points.size() - 1;
        if (points.get(hi).settlementMs() <= nowMs)
        {
            final Point last = points.get(hi);
            final long intervalMs = last.intervalHours() * MS_PER_HOUR;
            final long steps = (nowMs - last.settlementMs()) / intervalMs + 1;
            return new Current(last.rate(), last.settlementMs() + steps * intervalMs, last.intervalHours());
        }
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (points.get(mid).settlementMs() > nowMs)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        final Point p = points.get(lo);
        return new Current(p.rate(), p.settlementMs(), p.intervalHours());
    }

    public List<Point> points()
    {
        return points;
    }
}
