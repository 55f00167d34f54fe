package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.gateway.VenueOrderIds;

/**
 * The client order id ({@code cloid}) Hyperliquid sees: a 128-bit number written as 0x and 32
 * lower-case hex digits (Exchange endpoint docs: "cloid: optional, a 128 bit hex string, e.g.
 * 0x1234567890abcdef1234567890abcdef"), here
 * <pre>
 *   0x 6661 EEEEEEEEEEEE IIIIIIIIIIIIIIII
 *      "fa" session epoch (48 bits, seconds)   engine clientOrderId (64 bits)
 * </pre>
 * the same information as the other venues' {@code fa-<epoch>-<clientOrderId>}
 * ({@link VenueOrderIds}): deterministic, unique across sessions, and read back without a table.
 * {@link #venueId(String)} turns a cloid into that text so {@link VenueOrderIds} tells this
 * session's orders from another session's (foreign) and {@code OrderTracker.previous} finds a
 * resumed session's orders by it. A cloid without the "fa" tag is not ours.
 */
public final class HyperliquidCloids
{
    /** Length of a cloid: 0x and 32 hex digits. */
    public static final int LENGTH = 34;
    private static final String TAG = "0x6661";
    private static final int EPOCH_DIGITS = 12;
    private static final int ID_DIGITS = 16;

    private final long sessionEpoch;
    private final String prefix;

    /** @param sessionEpoch the session's epoch in seconds, 1..{@link VenueOrderIds#MAX_EPOCH}. */
    public HyperliquidCloids(final long sessionEpoch)
    {
        if (sessionEpoch < 1 || sessionEpoch > VenueOrderIds.MAX_EPOCH)
        {
            throw new IllegalArgumentException("session epoch must be 1.." + VenueOrderIds.MAX_EPOCH + " seconds, was " + sessionEpoch);
        }
        this.sessionEpoch = sessionEpoch;
        this.prefix = TAG + hex(sessionEpoch, EPOCH_DIGITS);
    }

    /** The cloid of this session's {@code clientOrderId}. */
    public String cloid(final long clientOrderId)
    {
        return prefix + hex(clientOrderId, ID_DIGITS);
    }

    /** The cloid {@code clientOrderId} had under {@code epoch} (0: this session's). */
    public String cloid(final long epoch, final long clientOrderId)
    {
        return epoch == 0 || epoch == sessionEpoch ? cloid(clientOrderId) : TAG + hex(epoch, EPOCH_DIGITS) + hex(clientOrderId, ID_DIGITS);
    }

    /** The engine id of a cloid of this session, else {@link VenueOrderIds#NOT_OURS}. */
    public long ownId(final String cloid)
    {
        if (cloid == null || cloid.length() != LENGTH || !cloid.startsWith(prefix))
        {
            return VenueOrderIds.NOT_OURS;
        }
        final long id = parseHex(cloid, LENGTH - ID_DIGITS, LENGTH);
        return id < 0 ? VenueOrderIds.NOT_OURS : id;
    }

    /**
     * The other venues' form {@code fa-<epoch>-<clientOrderId>} of a cloid of ours (any session), for
     * {@link VenueOrderIds#foreignId} and {@code OrderTracker.previous}; null for a cloid not ours.
     */
    public static String venueId(final String cloid)
    {
        if (cloid == null || cloid.length() != LENGTH || !cloid.startsWith(TAG))
        {
            return null;
        }
        final long epoch = parseHex(cloid, TAG.length(), TAG.length() + EPOCH_DIGITS);
        final long id = parseHex(cloid, LENGTH - ID_DIGITS, LENGTH);
        return epoch < 1 || id < 0 ? null : VenueOrderIds.PREFIX + epoch + "-" + id;
    }

    public long sessionEpoch()
    {
        return sessionEpoch;
    }

    private static String hex(final long value, final int digits)
    {
        final String hex = Long.toHexString(value);
        return "0".repeat(Math.max(0, digits - hex.length())) + hex;
    }

    /** A non-negative hex number in {@code text[from, to)}, or -1 when not lower-case hex digits or above Long.MAX_VALUE. */
    private static long parseHex(final String text, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = text.charAt(i);
            final int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0 || (value >>> 59) != 0)
            {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "HyperliquidCloids{" + prefix + "<clientOrderId, 16 hex digits>}";
    }
}
