package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.sbe.Venue;
import java.time.Duration;
import java.util.Objects;

/**
 * What the configuration knows of one venue before reading its {@code venues.<name>} section: the
 * section's name, the SBE {@link Venue} value, the defaults of its keys (the venue's published
 * default fee tier and funding interval, shared/docs/VENUES.md) and which optional keys it has.
 *
 * @param name             the section name, the venue's name everywhere (lower case: "binance").
 * @param venue            the SBE value that carries the venue on the ring.
 * @param takerFee         default {@code taker_fee} (ratio).
 * @param makerFee         default {@code maker_fee} (ratio).
 * @param fundingInterval  default {@code funding_interval} (used when the venue reports none).
 * @param wsLayoutKey      whether the venue serves its streams on several paths (the {@code ws_layout} key exists).
 * @param gatewayKeys      whether the venue has an order gateway ({@code margin_mode}, {@code leverage}, {@code position_poll_interval}).
 * @param documentedReconnectsPerMinute the venue's documented connection limit per minute, the most {@code max_reconnects_per_minute}
 *                         accepts; 0: no market-data connector, the liveness keys do not exist.
 */
public record VenueSection(
    String name,
    Venue venue,
    double takerFee,
    double makerFee,
    Duration fundingInterval,
    boolean wsLayoutKey,
    boolean gatewayKeys,
    int documentedReconnectsPerMinute)
{
    public VenueSection
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(fundingInterval, "fundingInterval");
    }

    /** A venue the schema and the configuration know that has no connector yet: fees and interval only. */
    public static VenueSection withoutConnector(final String name, final Venue venue, final double takerFee, final double makerFee,
        final Duration fundingInterval)
    {
        return new VenueSection(name, venue, takerFee, makerFee, fundingInterval, false, false, 0);
    }
}
