package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.MarginMode;
import java.util.concurrent.TimeUnit;

/**
 * How a gateway sets up its venue account at start and how often it asks for the positions.
 *
 * @param marginMode             set for every traded instrument at start (Binance per symbol, Bybit for the unified account).
 * @param leverage               set for every traded instrument at start, 1..125.
 * @param positionPollIntervalNs the positions are asked for this often (besides start, fills, reconnects, reconciliation).
 */
public record AccountSettings(MarginMode marginMode, int leverage, long positionPollIntervalNs)
{
    /** Highest leverage any venue accepts (Binance "target initial leverage: int from 1 to 125"). */
    public static final int MAX_LEVERAGE = 125;
    /** Cross margin, leverage 3, positions every 30 s. */
    public static final AccountSettings DEFAULT = new AccountSettings(MarginMode.CROSS, 3, TimeUnit.SECONDS.toNanos(30));

    public AccountSettings
    {
        if (marginMode == null || marginMode == MarginMode.NULL_VAL)
        {
            throw new IllegalArgumentException("account marginMode must be CROSS or ISOLATED");
        }
        if (leverage < 1 || leverage > MAX_LEVERAGE)
        {
            throw new IllegalArgumentException("account leverage must be 1.." + MAX_LEVERAGE + ", was " + leverage);
        }
        if (positionPollIntervalNs <= 0)
        {
            throw new IllegalArgumentException("account positionPollIntervalNs must be > 0, was " + positionPollIntervalNs);
        }
    }
}
