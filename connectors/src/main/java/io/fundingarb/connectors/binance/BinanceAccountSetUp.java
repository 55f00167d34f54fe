package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.RestResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * The account set-up a Binance gateway does at start, before any order (USD-M futures "Trade"
 * pages):
 * <ol>
 *   <li>{@code GET /fapi/v1/positionSide/dual} ("Get Current Position Mode"): {@code dualSidePosition}
 *       must be false (One-way Mode); the engine sends no {@code positionSide};</li>
 *   <li>per traded symbol, {@code POST /fapi/v1/marginType} ("Change Margin Type") with ISOLATED or
 *       CROSSED; -4046 "No need to change margin type." means it already is, a success;</li>
 *   <li>per traded symbol, {@code POST /fapi/v1/leverage} ("Change Initial Leverage"), leverage 1..125.</li>
 * </ol>
 * Any other answer fails the set-up with an {@link IllegalStateException} naming the symbol, the
 * step and the venue's code and message. Runs on the gateway's I/O loop, one request at a time.
 */
final class BinanceAccountSetUp
{
    /** A signed request of the gateway: method, path, parameters (without recvWindow, timestamp, signature). */
    interface SignedCall
    {
        CompletableFuture<RestResponse> call(HttpMethod method, String path, String params);
    }

    private BinanceAccountSetUp()
    {
    }

    static CompletableFuture<Void> run(final SignedCall call, final VenueSymbols symbols, final AccountSettings settings)
    {
        final int[] ids = symbols.instrumentIds();
        CompletableFuture<Void> chain = call.call(HttpMethod.GET, BinanceGateway.POSITION_MODE_PATH, "").thenAccept(response ->
        {
            final String refusal = refusal(response, false);
            if (refusal != null)
            {
                throw new IllegalStateException("binance gateway: position mode (GET " + BinanceGateway.POSITION_MODE_PATH + "): " + refusal);
            }
            if (!Boolean.FALSE.equals(JsonTree.get(JsonTree.parse(response.bodyText()), "dualSidePosition")))
            {
                throw new IllegalStateException("binance gateway: the account is in Hedge Mode (dualSidePosition true); "
                    + "the engine trades in One-way Mode: change the position mode on Binance");
            }
        });
        final String marginType = settings.marginMode() == MarginMode.ISOLATED ? "ISOLATED" : "CROSSED";
        for (final int id : ids)
        {
            final String symbol = symbols.symbol(id);
            chain = chain
                .thenCompose(ignore -> call.call(HttpMethod.POST, BinanceGateway.MARGIN_TYPE_PATH, "symbol=" + symbol + "&marginType=" + marginType))
                .thenAccept(response -> check(response, true, symbol, "margin type " + marginType))
                .thenCompose(ignore -> call.call(HttpMethod.POST, BinanceGateway.LEVERAGE_PATH, "symbol=" + symbol + "&leverage=" + settings.leverage()))
                .thenAccept(response -> check(response, false, symbol, "leverage " + settings.leverage()));
        }
        return chain;
    }

    private static void check(final RestResponse response, final boolean marginType, final String symbol, final String step)
    {
        final String refusal = refusal(response, marginType);
        if (refusal != null)
        {
            throw new IllegalStateException("binance gateway: " + symbol + ": " + step + " refused: " + refusal);
        }
    }

    /** Null when the answer is a success (or "No need to change margin type." where allowed), else "HTTP s code c msg". */
    static String refusal(final RestResponse response, final boolean noNeedIsSuccess)
    {
        if (response.isSuccess())
        {
            return null;
        }
        final BinanceGateway.VenueError error = BinanceGateway.VenueError.of(response);
        if (error != null && noNeedIsSuccess && error.code() == BinanceGateway.NO_NEED_TO_CHANGE_MARGIN_TYPE)
        {
            return null;
        }
        return "HTTP " + response.status() + (error == null ? "" : " code " + error.code() + " " + error.message());
    }
}
