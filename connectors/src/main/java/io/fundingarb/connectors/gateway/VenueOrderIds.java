package io.fundingarb.connectors.gateway;

/**
 * The client order id a venue sees, {@code fa-<sessionEpoch>-<clientOrderId>} (for example
 * {@code fa-1765000000-4161}), and its parsing back. The engine's {@code clientOrderId}
 * ({@code pairId << 6 | order index}) starts again every session; the session epoch (seconds,
 * fixed at the session's start) makes the venue's id unique across sessions, so a report of a
 * previous session's order is never matched to this session's order with the same engine id.
 *
 * <p>Both venues allow it: Binance {@code newClientOrderId} {@code ^[\.A-Z\:/a-z0-9_-]{1,36}$}
 * (USD-M futures "New Order (TRADE)"), Bybit {@code orderLinkId} up to 36 characters of digits,
 * letters, dashes and underscores (v5 "Place Order"). With engine ids of at most 18 digits
 * (parsed back; far above any session's) the longest id is 3 + 10 + 1 + 18 = 32 characters.
 *
 * <p>An id of ours from another epoch, or a bare decimal id (the format before the epoch), is
 * <em>foreign</em>: {@link #foreignId} maps it to an engine id no stage issued
 * ({@link #FOREIGN_FLAG} set), so a fill of it can be published as exposure the stages do not
 * own. Ids of neither form (manual orders, Binance "autoclose-…" liquidations) are not ours.
 */
public final class VenueOrderIds
{
    /** The prefix of every venue id this engine sends. */
    public static final String PREFIX = "fa-";
    /** Parse result: not an id of this epoch / not an id of ours at all. */
    public static final long NOT_OURS = Long.MIN_VALUE;
    /** Set in the engine id published for a foreign order's reports; engine ids never have it. */
    public static final long FOREIGN_FLAG = 1L << 62;
    /** Largest epoch (10 digits of seconds: year 2286). */
    public static final long MAX_EPOCH = 9_999_999_999L;

    private final long sessionEpoch;
    private final byte[] prefixBytes;
    private final String prefix;

    /** @param sessionEpoch the session's epoch in seconds, 1..{@link #MAX_EPOCH}. */
    public VenueOrderIds(final long sessionEpoch)
    {
        if (sessionEpoch < 1 || sessionEpoch > MAX_EPOCH)
        {
            throw new IllegalArgumentException("session epoch must be 1.." + MAX_EPOCH + " seconds, was " + sessionEpoch);
        }
        this.sessionEpoch = sessionEpoch;
        this.prefix = PREFIX + sessionEpoch + "-";
        this.prefixBytes = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public long sessionEpoch()
    {
        return sessionEpoch;
    }

    /** Appends the venue id of {@code clientOrderId}; allocation free. */
    public AsciiBuilder append(final AsciiBuilder out, final long clientOrderId)
    {
        return out.append(prefixBytes).append(clientOrderId);
    }

    /** The venue id of {@code clientOrderId} (off the hot path). */
    public String text(final long clientOrderId)
    {
        return prefix + clientOrderId;
    }

    /** The venue id {@code clientOrderId} had under {@code epoch} (0: this session's), as a previous session sent it. */
    public String text(final long epoch, final long clientOrderId)
    {
        return epoch == 0 || epoch == sessionEpoch ? text(clientOrderId) : PREFIX + epoch + "-" + clientOrderId;
    }

    /** Appends the venue id {@code clientOrderId} had under {@code epoch} (0: this session's); allocation free for this session's. */
    public AsciiBuilder append(final AsciiBuilder out, final long epoch, final long clientOrderId)
    {
        return epoch == 0 || epoch == sessionEpoch ? append(out, clientOrderId)
            : out.append(PREFIX).append(epoch).append("-").append(clientOrderId);
    }

    /** The epoch of an id of ours of any session ({@code fa-<epoch>-<id>}), else -1. */
    public static long epochOf(final String venueId)
    {
        final int dash = venueId == null || !venueId.startsWith(PREFIX) ? -1 : venueId.indexOf('-', PREFIX.length());
        return dash < 0 ? -1 : parseDecimal(venueId, PREFIX.length(), dash);
    }

    /** The engine id of an id of ours of any session ({@code fa-<epoch>-<id>}), else -1. */
    public static long engineIdOf(final String venueId)
    {
        final int dash = venueId == null || !venueId.startsWith(PREFIX) ? -1 : venueId.indexOf('-', PREFIX.length());
        return dash < 0 ? -1 : parseDecimal(venueId, dash + 1, venueId.length());
    }

    /** The engine id of a venue id of this session, else {@link #NOT_OURS}. */
    public long ownId(final String venueId)
    {
        if (venueId == null || !venueId.startsWith(prefix))
        {
            return NOT_OURS;
        }
        final long id = parseDecimal(venueId, prefix.length(), venueId.length());
        return id < 0 ? NOT_OURS : id;
    }

    /**
     * For an id of ours from another session (another epoch, or the bare decimal of the format
     * before it): an engine id with {@link #FOREIGN_FLAG} set, the same for the same venue id;
     * else {@link #NOT_OURS} (this session's ids included).
     */
    public long foreignId(final String venueId)
    {
        if (venueId == null || venueId.isEmpty())
        {
            return NOT_OURS;
        }
        if (venueId.startsWith(PREFIX))
        {
            final int dash = venueId.indexOf('-', PREFIX.length());
            if (dash < 0)
            {
                return NOT_OURS;
            }
            final long epoch = parseDecimal(venueId, PREFIX.length(), dash);
            final long id = parseDecimal(venueId, dash + 1, venueId.length());
            if (epoch < 0 || id < 0 || epoch == sessionEpoch)
            {
                return NOT_OURS;
            }
            return foreign(epoch, id);
        }
        final long legacy = parseDecimal(venueId, 0, venueId.length());
        return legacy < 0 ? NOT_OURS : foreign(0, legacy);
    }

    /**
     * The engine id published for a venue's forced close (a liquidation or auto-deleveraging order,
     * which carries the venue's client id, not ours): {@link #FOREIGN_FLAG} set, derived from the
     * venue's order id, the same for every report of that order; pairId 0.
     */
    public static long forcedCloseId(final String venueOrderId)
    {
        long h = 0xCBF29CE484222325L; // FNV-1a over the venue's order id
        for (int i = 0, n = venueOrderId == null ? 0 : venueOrderId.length(); i < n; i++)
        {
            h = (h ^ venueOrderId.charAt(i)) * 0x100000001B3L;
        }
        return foreign(-1, h & Long.MAX_VALUE);
    }

    /** True for an engine id made by {@link #foreignId}. */
    public static boolean isForeign(final long clientOrderId)
    {
        return clientOrderId > 0 && (clientOrderId & FOREIGN_FLAG) != 0;
    }

    private static long foreign(final long epoch, final long id)
    {
        long h = epoch * 0x9E3779B97F4A7C15L ^ id;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return FOREIGN_FLAG | (h & (FOREIGN_FLAG - 1));
    }

    /** A non-negative decimal in {@code text[from, to)}, or -1 when empty, not digits or too long. */
    private static long parseDecimal(final String text, final int from, final int to)
    {
        if (to <= from || to - from > 18)
        {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "VenueOrderIds{" + prefix + "<clientOrderId>}";
    }
}
