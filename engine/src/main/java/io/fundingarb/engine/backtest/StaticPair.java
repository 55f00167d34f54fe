package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation mode: one hedged pair held over the whole window at a constant base quantity,
 * long on one venue and short on another, settled by {@link BacktestGateway#settle} at every
 * historical settlement of either leg (position × mark × rate, the same code a backtest pays
 * funding with). With zero costs nothing else moves the wallets, so a spreadsheet of the CSV gives
 * the same numbers: per leg the settlements, the sum of the rates received (a long receives
 * −rate, a short +rate: fractions of notional, at constant notional) and the quote received.
 * Each leg is the venue's listing of the token in the first quote of {@code quotePreference} it has
 * in the window; the mark of a settlement is the token's latest mark at or before it.
 */
public final class StaticPair
{
    /** What the pair received. Amounts at 1e-9; rate sums exact decimals. */
    public record Result(
        String token, Venue longVenue, String longSymbol, Venue shortVenue, String shortSymbol, long baseQty, long entryMark,
        int longSettlements, int shortSettlements, BigDecimal longRateSum, BigDecimal shortRateSum, long longFunding, long shortFunding)
    {
        public BigDecimal rateSumReceived()
        {
            return longRateSum.negate().add(shortRateSum);
        }

        public long fundingReceived()
        {
            return longFunding + shortFunding;
        }

        public List<String> lines()
        {
            final List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "static pair           %s: long %s %s, short %s %s", token,
                longVenue.name().toLowerCase(Locale.ROOT), longSymbol, shortVenue.name().toLowerCase(Locale.ROOT), shortSymbol));
            lines.add(String.format(Locale.ROOT, "base quantity         %s %s (held the whole window; entry mark %s)", FixedPoint.toString(baseQty), token,
                FixedPoint.toString(entryMark)));
            lines.add(String.format(Locale.ROOT, "settlements           long leg %d, short leg %d", longSettlements, shortSettlements));
            lines.add(String.format(Locale.ROOT, "rates received        long leg %s, short leg %s, pair %s (sums of the rates: fractions of notional, at constant notional)",
                longRateSum.negate().toPlainString(), shortRateSum.toPlainString(), rateSumReceived().toPlainString()));
            lines.add(String.format(Locale.ROOT, "funding received      long leg %s, short leg %s, pair %s (quote, at constant base quantity)",
                FixedPoint.toString(longFunding), FixedPoint.toString(shortFunding), FixedPoint.toString(fundingReceived())));
            return lines;
        }
    }

    private StaticPair()
    {
    }

    /**
     * @param notional quote value of each leg at the first mark in the window (1e-9); the base quantity is held constant after.
     */
    public static Result run(
        final HistoryCsv history, final String token, final Venue longVenue, final Venue shortVenue, final long fromMs, final long toMs,
        final long notional, final List<String> quotePreference)
    {
        if (longVenue == shortVenue)
        {
            throw new IllegalArgumentException("--static-pair: the long and short venues must differ");
        }
        final String longSymbol = symbolOf(history, token, longVenue, fromMs, toMs, quotePreference);
        final String shortSymbol = symbolOf(history, token, shortVenue, fromMs, toMs, quotePreference);
        final EventQueue sink = new EventQueue(64, 512);
        final long[] now = new long[1];
        final BacktestGateway gateway = new BacktestGateway(sink, () -> now[0], 1);
        gateway.venue(longVenue, 0, 0, 0, FixedPoint.SCALE, 0);
        gateway.venue(shortVenue, 0, 0, 0, FixedPoint.SCALE, 0);
        gateway.define(1, longVenue);
        gateway.define(2, shortVenue);
        long mark = FixedPoint.NULL;
        long qty = 0;
        long entryMark = FixedPoint.NULL;
        int longCount = 0;
        int shortCount = 0;
        BigDecimal longRates = BigDecimal.ZERO;
        BigDecimal shortRates = BigDecimal.ZERO;
        long longFunding = 0;
        long shortFunding = 0;
        for (final HistoryCsv.Row row : history.rows())
        {
            if (row.settlementMs() >= toMs)
            {
                break;
            }
            if (!row.base().equals(token))
            {
                continue;
            }
            if (row.markPrice() != FixedPoint.NULL)
            {
                mark = row.markPrice();
            }
            if (row.settlementMs() < fromMs || mark == FixedPoint.NULL)
            {
                continue;
            }
            final boolean isLong = row.venue() == longVenue && row.symbol().equals(longSymbol);
            final boolean isShort = row.venue() == shortVenue && row.symbol().equals(shortSymbol);
            if (!isLong && !isShort)
            {
                continue;
            }
            if (qty == 0)
            {
                entryMark = mark;
                qty = FixedPoint.divide(notional, mark);
                gateway.hold(1, qty);
                gateway.hold(2, -qty);
            }
            now[0] = row.settlementMs() * 1_000_000L;
            final long rate = Backtest.rateE9(row);
            if (isLong)
            {
                longCount++;
                longRates = longRates.add(row.rate());
                longFunding += gateway.settle(1, rate, mark, now[0]);
            }
            else
            {
                shortCount++;
                shortRates = shortRates.add(row.rate());
                shortFunding += gateway.settle(2, rate, mark, now[0]);
            }
            while (sink.poll() != null)
            {
                // the payments' events have no engine to go to here
            }
        }
        if (qty == 0)
        {
            throw new IllegalArgumentException("--static-pair: no settlement of " + token + " on " + longVenue + " or " + shortVenue + " with a known mark in the window");
        }
        return new Result(token, longVenue, longSymbol, shortVenue, shortSymbol, qty, entryMark, longCount, shortCount, longRates, shortRates,
            longFunding, shortFunding);
    }

    private static String symbolOf(
        final HistoryCsv history, final String token, final Venue venue, final long fromMs, final long toMs, final List<String> quotePreference)
    {
        final Map<Quote, String> byQuote = new HashMap<>();
        for (final HistoryCsv.Row row : history.rows())
        {
            if (row.venue() == venue && row.base().equals(token) && row.settlementMs() >= fromMs && row.settlementMs() < toMs)
            {
                byQuote.putIfAbsent(row.quote(), row.symbol());
            }
        }
        for (final String quote : quotePreference)
        {
            final String symbol = byQuote.get(Quote.valueOf(quote));
            if (symbol != null)
            {
                return symbol;
            }
        }
        throw new IllegalArgumentException("--static-pair: the history has no " + token + " settlement on " + venue.name().toLowerCase(Locale.ROOT)
            + " in the window");
    }
}
