package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.RiskConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures a trader reads beside the session report, from a backtest's equity (wallets plus
 * open positions at their marks, quotes at par), measured after every hourly step.
 * <ul>
 *   <li>committed capital: the margin the risk limits let the engine tie up at once,
 *   {@code min(max_total_notional_usd, max_open_pairs × 2 × min(target_notional_usd, max_notional_per_pair_usd))
 *   / max_leverage};</li>
 *   <li>annualised return: net PnL / committed capital × 365 / days in the window;</li>
 *   <li>max drawdown: the largest fall of equity from a previous peak (quote, and % of committed capital);</li>
 *   <li>Sharpe: mean / standard deviation (sample) of daily PnL (UTC days) × √365, risk-free rate 0;</li>
 *   <li>turnover: traded notional (every fill, both legs, in and out) / committed capital, and per year;</li>
 *   <li>time in market: the share of hourly steps that ended with a position open.</li>
 * </ul>
 */
public final class BacktestMetrics
{
    private BacktestMetrics()
    {
    }

    /** Committed capital in quote units (not scaled). */
    public static double committedCapital(final FundingArbConfig config)
    {
        final RiskConfig risk = config.risk();
        final double perLeg = Math.min(config.strategy().targetNotionalUsd(), risk.maxNotionalPerPairUsd());
        return Math.min(risk.maxTotalNotionalUsd(), risk.maxOpenPairs() * 2 * perLeg) / risk.maxLeverage();
    }

    /** Sharpe ratio of daily PnL, annualised (√365); NaN with fewer than two days or no variation. */
    public static double sharpe(final List<long[]> dailyEquity, final long startEquity)
    {
        final int n = dailyEquity.size();
        if (n < 2)
        {
            return Double.NaN;
        }
        final double[] pnl = new double[n];
        long previous = startEquity;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            pnl[i] = FixedPoint.toDouble(dailyEquity.get(i)[1] - previous);
            previous = dailyEquity.get(i)[1];
            sum += pnl[i];
        }
        final double mean = sum / n;
        double squares = 0;
        for (final double p : pnl)
        {
            squares += (p - mean) * (p - mean);
        }
        final double sd = Math.sqrt(squares / (n - 1));
        return sd == 0 ? Double.NaN : mean / sd * Math.sqrt(365.0);
    }

    /** The lines printed after the session report. */
    public static List<String> lines(final Backtest.Outcome outcome, final FundingArbConfig config, final long fromMs, final long toMs)
    {
        final double committed = committedCapital(config);
        final double days = Math.max(outcome.hours(), 1) / 24.0;
        final double pnl = FixedPoint.toDouble(outcome.endEquity() - outcome.startEquity());
        final double drawdown = FixedPoint.toDouble(outcome.maxDrawdown());
        final double traded = FixedPoint.toDouble(outcome.tradedNotional());
        final List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "equity               %+.2f (net PnL over %.1f days: funding %+.2f, fees paid %+.2f, the rest spread, slippage and price)",
            pnl, days, FixedPoint.toDouble(outcome.funding()), FixedPoint.toDouble(outcome.fees())));
        out.add(String.format(Locale.ROOT, "committed capital    %.2f (margin the risk limits tie up at once: notional %.0f / leverage %.1f)", committed,
            committed * config.risk().maxLeverage(), config.risk().maxLeverage()));
        out.add(String.format(Locale.ROOT, "annualised return    %.2f %% on committed capital", pnl / committed * 365.0 / days * 100));
        out.add(String.format(Locale.ROOT, "max drawdown         %.2f (%.2f %% of committed capital)", drawdown, drawdown / committed * 100));
        final double sharpe = sharpe(outcome.dailyEquity(), outcome.startEquity());
        out.add("sharpe (daily PnL)   " + (Double.isNaN(sharpe) ? "-" : String.format(Locale.ROOT, "%.2f (annualised, sqrt 365)", sharpe)));
        out.add(String.format(Locale.ROOT, "turnover             %.1fx committed capital (%.1fx per year; %.0f traded)", traded / committed,
            traded / committed * 365.0 / days, traded));
        out.add(String.format(Locale.ROOT, "time in market       %.1f %% of %d hourly steps", 100.0 * outcome.hoursInMarket() / Math.max(outcome.hours(), 1),
            outcome.hours()));
        return out;
    }
}
