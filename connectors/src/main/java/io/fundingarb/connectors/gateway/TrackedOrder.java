package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.Side;

/**
 * What a gateway remembers of one order it sent: identity (to map venue reports back), the
 * cumulative quantity, quote and fee already published (to drop duplicate and stale reports),
 * and whether a NEW or a terminal report went out. Owned by the gateway's I/O thread.
 */
public final class TrackedOrder
{
    long clientOrderId;
    long pairId;
    int instrumentId;
    Side side;
    long price;
    long quantity;
    long cumQty;
    long cumQuote;
    long cumFee;
    /** The asset of the last fill's fee; NULL_VAL (the instrument's quote) until a fill says otherwise. */
    io.fundingarb.codecs.sbe.Asset feeAsset = io.fundingarb.codecs.sbe.Asset.NULL_VAL;
    /** LIQUIDATION or ADL for the venue's forced closes, else NONE. */
    io.fundingarb.codecs.sbe.ExecFlag execFlag = io.fundingarb.codecs.sbe.ExecFlag.NONE;
    /** Quantity published with an estimated fee (an answer without commission) whose venue commission has not come yet. */
    long estimatedQty;
    /** The estimated fee of {@link #estimatedQty}, in the instrument's quote. */
    long estimatedFee;
    boolean acked;
    boolean terminal;
    /** UNKNOWN: the venue gave no definitive answer to the order request; the gateway is querying it. */
    boolean unknown;
    /** An order of another session (an id of another epoch): only its fills are published. */
    boolean foreign;
    /** The session epoch the order was sent under when a previous session sent it ({@link PreviousOrder}), else 0 (this session's). */
    long epoch;
    /** When the venue would refuse the request if it had not arrived yet (its signed timestamp + recvWindow + margin). */
    long absentDefinitiveNs;
    String venueOrderId;

    public long clientOrderId()
    {
        return clientOrderId;
    }

    public long pairId()
    {
        return pairId;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public Side side()
    {
        return side;
    }

    public long quantity()
    {
        return quantity;
    }

    public long cumQty()
    {
        return cumQty;
    }

    public long cumQuote()
    {
        return cumQuote;
    }

    public long cumFee()
    {
        return cumFee;
    }

    public boolean isTerminal()
    {
        return terminal;
    }

    /** UNKNOWN: sent, no definitive answer yet; nothing final is published until the venue is asked. */
    public boolean isUnknown()
    {
        return unknown;
    }

    public boolean isForeign()
    {
        return foreign;
    }

    /** After this instant a venue answer "no such order" means the request never reached the book. */
    public long absentDefinitiveNs()
    {
        return absentDefinitiveNs;
    }

    /** The epoch of a previous session's order (its venue id is {@code fa-<epoch>-<id>}), or 0 for this session's. */
    public long epoch()
    {
        return epoch;
    }

    public String venueOrderId()
    {
        return venueOrderId;
    }

    public long leavesQty()
    {
        return terminal ? 0 : Math.max(0, quantity - cumQty);
    }

    @Override
    public String toString()
    {
        return "TrackedOrder{clientOrderId=" + clientOrderId + ", instrumentId=" + instrumentId + ", side=" + side +
            ", quantity=" + quantity + ", cumQty=" + cumQty + ", terminal=" + terminal +
            ", unknown=" + unknown + ", foreign=" + foreign + "}";
    }
}
