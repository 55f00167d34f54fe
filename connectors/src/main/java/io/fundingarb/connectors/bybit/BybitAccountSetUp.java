package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.RestResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The account set-up a Bybit gateway does at start, before any order (v5 docs):
 * <ol>
 *   <li>{@code POST /v5/account/set-margin-mode} ("Set Margin Mode"): a unified account's margin
 *       mode is account-wide: REGULAR_MARGIN (cross) or ISOLATED_MARGIN;</li>
 *   <li>per traded symbol, {@code POST /v5/position/set-leverage} ("Set Leverage"), buyLeverage =
 *       sellLeverage (one-way mode); retCode 110043 "Set leverage not modified" is success.</li>
 * </ol>
 * One-way mode is checked on the positions ({@code positionIdx} 0, "Get Position Info"): a
 * hedge-mode position fails the start; with no position open, an order in hedge mode is refused by
 * the venue ("position idx not match position mode"). Any other answer fails the set-up with an
 * {@link IllegalStateException} naming the symbol, the step and the venue's retCode and retMsg.
 * Runs on the gateway's I/O loop, one request at a time.
 */
final class BybitAccountSetUp
{
    private BybitAccountSetUp()
    {
    }

    static CompletableFuture<Void> run(
        final BiFunction<String, String, CompletableFuture<RestResponse>> signedPost, final VenueSymbols symbols, final AccountSettings settings)
    {
        final String mode = settings.marginMode() == MarginMode.ISOLATED ? "ISOLATED_MARGIN" : "REGULAR_MARGIN";
        CompletableFuture<Void> chain = signedPost.apply(BybitGateway.SET_MARGIN_MODE_PATH, "{\"setMarginMode\":\"" + mode + "\"}")
            .thenAccept(response ->
            {
                final String refusal = refusal(response, false);
                if (refusal != null)
                {
                    throw new IllegalStateException("bybit gateway: margin mode " + mode + " refused: " + refusal);
                }
            });
        for (final int id : symbols.instrumentIds())
        {
            final String symbol = symbols.symbol(id);
            final String leverage = Integer.toString(settings.leverage());
            chain = chain
                .thenCompose(ignore -> signedPost.apply(BybitGateway.SET_LEVERAGE_PATH, "{\"category\":\"linear\",\"symbol\":\"" + symbol
                    + "\",\"buyLeverage\":\"" + leverage + "\",\"sellLeverage\":\"" + leverage + "\"}"))
                .thenAccept(response ->
                {
                    final String refusal = refusal(response, true);
                    if (refusal != null)
                    {
                        throw new IllegalStateException("bybit gateway: " + symbol + ": leverage " + leverage + " refused: " + refusal);
                    }
                });
        }
        return chain;
    }

    /** Null when retCode is 0 (or 110043 where allowed), else "retCode c msg" (or the HTTP status when unreadable). */
    static String refusal(final RestResponse response, final boolean notModifiedIsSuccess)
    {
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            final String retCode = JsonTree.text(json, "retCode");
            if ("0".equals(retCode) || notModifiedIsSuccess && Integer.toString(BybitGateway.LEVERAGE_NOT_MODIFIED).equals(retCode))
            {
                return null;
            }
            return retCode == null ? "HTTP " + response.status() : "retCode " + retCode + " " + JsonTree.text(json, "retMsg");
        }
        catch (final RuntimeException ex)
        {
            return "HTTP " + response.status() + ", unreadable answer";
        }
    }
}
