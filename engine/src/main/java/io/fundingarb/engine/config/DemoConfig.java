package io.fundingarb.engine.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The {@code demo} section: what {@code ./run.sh demo} replays and for how long. The tokens are the
 * top-level {@code tokens}; the demo lists each on the simulated venues that have history for it.
 *
 * @param speed        {@code demo.speed}: seconds of history per wall-clock second (3600 = one hour per second).
 * @param historyStart {@code demo.history_start}: the instant of the bundled funding history the demo starts at.
 * @param duration     {@code demo.duration}: how long the demo runs (wall clock) before it stops and reports.
 * @param shockAt      {@code demo.shock_at}: history time after {@code history_start} when the demo moves the price of the
 *                     first open pair's token on both simulated venues, far enough to bring its short leg within half of
 *                     {@code risk.min_liquidation_distance} of liquidation (not to it); zero = no shock.
 */
public record DemoConfig(double speed, Instant historyStart, Duration duration, Duration shockAt)
{
    /** The first instant of the bundled history is 2025-08-21; its last 2026-08-22. */
    public static final Instant HISTORY_FIRST = Instant.parse("2025-08-21T00:00:00Z");
    public static final Instant HISTORY_LAST = Instant.parse("2026-08-22T00:00:00Z");

    public DemoConfig
    {
        Objects.requireNonNull(historyStart, "historyStart");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(shockAt, "shockAt");
    }

    public static DemoConfig from(final ConfigNode node)
    {
        final double speed = node.decimal("speed", 3600.0, 1.0, 1_000_000.0);
        final String start = node.string("history_start", "2025-10-10T12:00:00Z");
        final Duration duration = node.duration("duration", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24));
        final Duration shockAt = node.duration("shock_at", Duration.ofHours(8), Duration.ZERO, Duration.ofDays(365));

        final Instant historyStart;
        try
        {
            historyStart = Instant.parse(start);
        }
        catch (final DateTimeParseException ex)
        {
            throw node.invalid("history_start", "an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z");
        }
        if (historyStart.isBefore(HISTORY_FIRST) || !historyStart.isBefore(HISTORY_LAST))
        {
            throw node.fail("history_start", "expected an instant between " + HISTORY_FIRST + " and " + HISTORY_LAST +
                " (the bundled history), got " + start);
        }
        node.finish();
        return new DemoConfig(speed, historyStart, duration, shockAt);
    }
}
