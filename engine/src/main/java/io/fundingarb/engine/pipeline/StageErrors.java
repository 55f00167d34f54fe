package io.fundingarb.engine.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explicit exception handler of every processor (the Disruptor's default one would stop the
 * thread). An event that makes a stage throw is counted and skipped: the stage carries on with
 * the next event and the stages after it still see this one. The first failure of each stage is
 * logged with its stack trace, then one line at every power-of-two count, so a poison stream
 * cannot flood the log.
 */
public final class StageErrors implements ExceptionHandler<Object>
{
    private static final Logger LOG = LoggerFactory.getLogger(StageErrors.class);

    private final String[] names;
    private final AtomicLongArray counts;

    public StageErrors(final String... stageNames)
    {
        this.names = stageNames.clone();
        this.counts = new AtomicLongArray(stageNames.length);
    }

    /** The stage names given at construction, in order. */
    public List<String> names()
    {
        return List.of(names);
    }

    /** Index of a stage name given at construction. */
    public int indexOf(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown stage " + name);
    }

    /** Counts and (rate-limited) logs one failed event of stage {@code index}. */
    public void onError(final int index, final Throwable ex, final long sequence)
    {
        final long n = counts.incrementAndGet(index);
        if (n == 1)
        {
            LOG.error("stage {} failed on ring sequence {}; event skipped (further failures are counted)", names[index], sequence, ex);
        }
        else if (Long.bitCount(n) == 1)
        {
            LOG.error("stage {} has now skipped {} events; last at ring sequence {}: {}", names[index], n, sequence, ex.toString());
        }
    }

    public long count(final String name)
    {
        return counts.get(indexOf(name));
    }

    public long total()
    {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++)
        {
            sum += counts.get(i);
        }
        return sum;
    }

    /** Exception handler for one processor, bound to the stage it runs. */
    public ExceptionHandler<Object> forStage(final String name)
    {
        final int index = indexOf(name);
        return new ExceptionHandler<>()
        {
            @Override
            public void handleEventException(final Throwable ex, final long sequence, final Object event)
            {
                onError(index, ex, sequence);
            }

            @Override
            public void handleOnStartException(final Throwable ex)
            {
                LOG.error("stage {} failed to start", name, ex);
            }

            @Override
            public void handleOnShutdownException(final Throwable ex)
            {
                LOG.error("stage {} failed to shut down cleanly", name, ex);
            }
        };
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final Object event)
    {
        onError(0, ex, sequence);
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        LOG.error("processor failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        LOG.error("processor failed to shut down cleanly", ex);
    }
}
