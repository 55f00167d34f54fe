package io.fundingarb.engine.app;

import io.fundingarb.engine.stage.MarketView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the top of MarketStage's ranking whenever the pairs in it change (not on every price
 * move), in the form {@code #1: KAITO long bybit / short binance | spread 0.5200%/h | net 41.3 bps/24h}.
 * Runs on its own thread, reading the stage's {@link MarketView}: the stage itself never logs.
 */
public final class RankingReporter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger("ranking");

    private final MarketView view;
    private final MarketView.Snapshot snapshot;
    private final Duration horizon;
    private final long periodNs;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastKey = "";

    public RankingReporter(final MarketView view, final int maxTokens, final int topN, final Duration horizon, final Duration period)
    {
        this.view = view;
        this.snapshot = new MarketView.Snapshot(maxTokens, topN);
        this.horizon = horizon;
        this.periodNs = period.toNanos();
        this.thread = new Thread(this::run, "fa-ranking-log");
        this.thread.setDaemon(true);
    }

    public RankingReporter start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        while (running)
        {
            LockSupport.parkNanos(periodNs);
            if (view.read(snapshot))
            {
                final String key = pairsKey(snapshot);
                if (!key.equals(lastKey))
                {
                    lastKey = key;
                    final List<String> lines = StatusFormat.ranking(snapshot, horizon);
                    if (lines.isEmpty())
                    {
                        LOG.info("ranking: no opportunity passes the thresholds");
                    }
                    for (final String line : lines)
                    {
                        LOG.info(line);
                    }
                }
            }
        }
    }

    /** The ranked pairs, without their values: the log changes when the pairs or their order do. */
    static String pairsKey(final MarketView.Snapshot s)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.top.count; i++)
        {
            sb.append(s.top.tokenId[i]).append(':').append(s.top.longInstrumentId[i]).append('/').append(s.top.shortInstrumentId[i]).append(' ');
        }
        return sb.toString();
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
