package io.fundingarb.connectors.kraken;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up REST bodies of Kraken Futures: {@code GET /derivatives/api/v3/instruments}
 * ({@code {"instruments":[{"symbol","type","tickSize","contractSize","tradeable","contractValueTradePrecision",..},..]}},
 * docs.kraken.com/api-reference/instrument-details/get-instruments) and
 * {@code GET /derivatives/api/v3/tickers} ({@code {"result":"success","tickers":[{"symbol","volumeQuote","vol24h",..},..]}},
 * each ticker as in docs.kraken.com/api-reference/market-data/get-ticker-by-symbol). Only tradeable
 * {@code PF_} linear perpetuals are kept: inverse {@code PI_} and fixed-maturity contracts are not traded.
 * Allocates; throws {@link IllegalArgumentException} on a malformed body or {@code "result":"error"}.
 */
public final class KrakenInstruments
{
    public static final String INSTRUMENTS_PATH = "/derivatives/api/v3/instruments";
    public static final String TICKERS_PATH = "/derivatives/api/v3/tickers";

    private KrakenInstruments()
    {
    }

    /** The tradeable {@code PF_} perpetuals of an instruments body, in the venue's order, without volume. */
    public static List<KrakenInstrument> parseInstruments(final String body)
    {
        final Object root = JsonTree.parse(body);
        checkResult(root, "instruments");
        final Object list = JsonTree.get(root, "instruments");
        if (!(list instanceof List))
        {
            throw new IllegalArgumentException("instruments: no instruments list");
        }
        final List<KrakenInstrument> instruments = new ArrayList<>();
        for (final Object entry : JsonTree.list(list))
        {
            final String symbol = JsonTree.text(entry, "symbol");
            if (symbol == null || symbol.isEmpty())
            {
                throw new IllegalArgumentException("instruments: an entry has no symbol");
            }
            if (!symbol.toUpperCase(Locale.ROOT).startsWith(KrakenInstrument.LINEAR_PERPETUAL_PREFIX)
                || !Boolean.TRUE.equals(JsonTree.get(entry, "tradeable")))
            {
                continue;
            }
            instruments.add(new KrakenInstrument(
                symbol.toUpperCase(Locale.ROOT),
                decimal(entry, "tickSize", symbol),
                decimal(entry, "contractSize", symbol),
                precision(entry, symbol),
                true,
                FixedPoint.NULL));
        }
        return instruments;
    }

    /**
     * The 24 h quote volume (USD) of each ticker by upper-case symbol: {@code volumeQuote}, else, for a {@code PF_}
     * ticker without it, {@code vol24h} (contracts, one base unit each) times {@code last}; tickers with neither are
     * left out (docs.kraken.com/api/docs/futures-api/trading/get-tickers).
     */
    public static Map<String, Long> parseTickerVolumes(final String body)
    {
        final Object root = JsonTree.parse(body);
        checkResult(root, "tickers");
        final Object list = JsonTree.get(root, "tickers");
        if (!(list instanceof List))
        {
            throw new IllegalArgumentException("tickers: no tickers list");
        }
        final Map<String, Long> volumes = new HashMap<>();
        for (final Object ticker : JsonTree.list(list))
        {
            final String symbol = JsonTree.text(ticker, "symbol");
            final String volume = JsonTree.text(ticker, "volumeQuote");
            if (symbol == null)
            {
                continue;
            }
            if (volume == null || volume.isEmpty())
            {
                final long fromContracts = contractsTimesLast(ticker, symbol);
                if (fromContracts != FixedPoint.NULL)
                {
                    volumes.put(symbol.toUpperCase(Locale.ROOT), fromContracts);
                }
                continue;
            }
            final long parsed = FixedPoint.parseSaturating(volume);
            if (parsed == FixedPoint.NULL || parsed < 0)
            {
                throw new IllegalArgumentException("tickers: " + symbol + " volumeQuote is not a decimal: " + volume);
            }
            volumes.put(symbol.toUpperCase(Locale.ROOT), parsed);
        }
        return volumes;
    }

    /** {@code vol24h × last} of a {@code PF_} ticker (one contract is one base unit), saturated; NULL when either is missing or not a decimal. */
    private static long contractsTimesLast(final Object ticker, final String symbol)
    {
        final String contracts = JsonTree.text(ticker, "vol24h");
        final String last = JsonTree.text(ticker, "last");
        if (!symbol.toUpperCase(Locale.ROOT).startsWith(KrakenInstrument.LINEAR_PERPETUAL_PREFIX) || contracts == null || last == null)
        {
            return FixedPoint.NULL;
        }
        try
        {
            final BigDecimal product = new BigDecimal(contracts).multiply(new BigDecimal(last)).setScale(FixedPoint.DECIMALS, RoundingMode.DOWN);
            return product.signum() < 0 ? FixedPoint.NULL : FixedPoint.parseSaturating(product.toPlainString());
        }
        catch (final NumberFormatException ex)
        {
            return FixedPoint.NULL;
        }
    }

    /** The instruments with their ticker volumes merged in (NULL where the tickers name none). */
    public static List<KrakenInstrument> withVolumes(final List<KrakenInstrument> instruments, final Map<String, Long> volumes)
    {
        final List<KrakenInstrument> merged = new ArrayList<>(instruments.size());
        for (final KrakenInstrument instrument : instruments)
        {
            merged.add(instrument.withVolume(volumes.getOrDefault(instrument.symbol(), FixedPoint.NULL)));
        }
        return merged;
    }

    private static void checkResult(final Object root, final String what)
    {
        if (!(root instanceof Map))
        {
            throw new IllegalArgumentException(what + ": expected an object");
        }
        if ("error".equals(JsonTree.text(root, "result")))
        {
            throw new IllegalArgumentException(what + ": the venue answered error " + JsonTree.text(root, "error"));
        }
    }

    private static long decimal(final Object entry, final String field, final String symbol)
    {
        final String text = JsonTree.text(entry, field);
        final long parsed = text == null ? FixedPoint.NULL : FixedPoint.parse(text);
        if (parsed == FixedPoint.NULL)
        {
            throw new IllegalArgumentException("instruments: " + symbol + " has no decimal " + field);
        }
        return parsed;
    }

    private static int precision(final Object entry, final String symbol)
    {
        final Object value = JsonTree.get(entry, "contractValueTradePrecision");
        if (!(value instanceof BigDecimal))
        {
            throw new IllegalArgumentException("instruments: " + symbol + " has no contractValueTradePrecision");
        }
        try
        {
            return ((BigDecimal)value).intValueExact();
        }
        catch (final ArithmeticException e)
        {
            throw new IllegalArgumentException("instruments: " + symbol + " contractValueTradePrecision is not an integer: " + value, e);
        }
    }
}
