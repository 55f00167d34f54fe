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
 * @param backtestBook     defaults of {@code backtest.<name>}: the book the backtest models for the venue.
 * @param bookSilence      default {@code book_silence} (venues with a market-data connector): how long a book stream may
 *                         carry nothing before it is judged silent; {@link #DEFAULT_BOOK_SILENCE} unless the venue's books
 *                         are quiet by design (a delta-only book sends nothing while no level changes).
 */
public record VenueSection(
    String name,
    Venue venue,
    double takerFee,
    double makerFee,
    Duration fundingInterval,
    boolean wsLayoutKey,
    boolean gatewayKeys,
    int documentedReconnectsPerMinute,
    BookModel backtestBook,
    Duration bookSilence)
{
    /** The default {@code book_silence} of a venue whose books push at a fixed cadence or on every change. */
    public static final Duration DEFAULT_BOOK_SILENCE = Duration.ofSeconds(5);

    /** The backtest's book when a venue names none: best bid and ask 0.5 bps from the mark, 75,000 of quote every 1 bps. */
    public static final BookModel DEFAULT_BOOK = new BookModel(0.5, 75_000.0, 1.0);

    /**
     * A modelled order book: each side starts {@code halfSpreadBps} from the mark and holds {@code levelUsd} of quote every
     * {@code levelStepBps}.
     */
    public record BookModel(double halfSpreadBps, double levelUsd, double levelStepBps)
    {
    }

    public VenueSection
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(fundingInterval, "fundingInterval");
        Objects.requireNonNull(backtestBook, "backtestBook");
        Objects.requireNonNull(bookSilence, "bookSilence");
    }

    /** A section whose backtest book is {@link #DEFAULT_BOOK} and whose book silence is {@link #DEFAULT_BOOK_SILENCE}. */
    public VenueSection(
        final String name, final Venue venue, final double takerFee, final double makerFee, final Duration fundingInterval, final boolean wsLayoutKey,
        final boolean gatewayKeys, final int documentedReconnectsPerMinute)
    {
        this(name, venue, takerFee, makerFee, fundingInterval, wsLayoutKey, gatewayKeys, documentedReconnectsPerMinute, DEFAULT_BOOK,
            DEFAULT_BOOK_SILENCE);
    }

    /** This section with the backtest modelling the venue's book as {@code book}. */
    public VenueSection withBacktestBook(final double halfSpreadBps, final double levelUsd, final double levelStepBps)
    {
        return new VenueSection(name, venue, takerFee, makerFee, fundingInterval, wsLayoutKey, gatewayKeys, documentedReconnectsPerMinute,
            new BookModel(halfSpreadBps, levelUsd, levelStepBps), bookSilence);
    }

    /** This section with {@code book_silence} defaulting to {@code silence}. */
    public VenueSection withBookSilence(final Duration silence)
    {
        return new VenueSection(name, venue, takerFee, makerFee, fundingInterval, wsLayoutKey, gatewayKeys, documentedReconnectsPerMinute,
            backtestBook, silence);
    }

    /** A venue the schema and the configuration know that has no connector yet: fees and interval only. */
    public static VenueSection withoutConnector(final String name, final Venue venue, final double takerFee, final double makerFee,
        final Duration fundingInterval)
    {
        return new VenueSection(name, venue, takerFee, makerFee, fundingInterval, false, false, 0);
    }
}
