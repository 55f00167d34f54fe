package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.connectors.transport.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test sink for market-data feeds that run for a while: decodes each event at commit and keeps
 * only counts (funding updates, book snapshots and deltas) and the VenueStatus events, so it never
 * fills up. One producer at a time (a feed's event loop): the slots are reused round robin.
 */
public final class FeedEventSink implements EventSink
{
    /** A decoded VenueStatus event. */
    public record Status(FeedState state, int reconnects, String detail)
    {
    }

    private static final int SLOTS = 64;
    private static final int SLOT_BYTES = 64 * 1024;

    private final UnsafeBuffer[] slots = new UnsafeBuffer[SLOTS];
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final VenueStatusDecoder status = new VenueStatusDecoder();
    private final BookUpdateDecoder book = new BookUpdateDecoder();
    private final TickerUpdateDecoder ticker = new TickerUpdateDecoder();
    private final List<Status> statuses = new ArrayList<>();
    private long next;
    private boolean stalled;
    private long refused;
    private long blockingClaimsWhileStalled;
    private Throwable firstBlockingClaim;
    private long fundings;
    private long snapshots;
    private long deltas;
    private long tickers;
    private long lastVolume;

    public FeedEventSink()
    {
        for (int i = 0; i < SLOTS; i++)
        {
            slots[i] = new UnsafeBuffer(new byte[SLOT_BYTES]);
        }
    }

    @Override
    public synchronized long claim()
    {
        if (stalled)
        {
            blockingClaimsWhileStalled++; // a real ring would block the caller here until the consumer moves
            if (firstBlockingClaim == null)
            {
                firstBlockingClaim = new Throwable("blocking claim on " + Thread.currentThread().getName());
            }
        }
        return next++;
    }

    @Override
    public synchronized long tryClaim()
    {
        if (stalled)
        {
            refused++;
            return NO_CAPACITY;
        }
        return next++;
    }

    /**
     * While stalled the sink behaves as a full ring whose consumer has stopped: {@link #tryClaim()}
     * refuses, and a blocking {@link #claim()} (which a real ring would block on) is counted.
     */
    public synchronized void stall(final boolean stalled)
    {
        this.stalled = stalled;
        notifyAll();
    }

    /** Where the first blocking claim while stalled came from, or null. */
    public synchronized Throwable firstBlockingClaim()
    {
        return firstBlockingClaim;
    }

    /** Claims refused while stalled. */
    public synchronized long refused()
    {
        return refused;
    }

    /** Blocking claims made while stalled: each would have blocked its caller (a Netty I/O thread) on a real ring. */
    public synchronized long blockingClaimsWhileStalled()
    {
        return blockingClaimsWhileStalled;
    }

    @Override
    public synchronized MutableDirectBuffer buffer(final long sequence)
    {
        return slots[(int)(sequence % SLOTS)];
    }

    @Override
    public int maxMessageLength()
    {
        return SLOT_BYTES;
    }

    @Override
    public synchronized void commit(final long sequence, final int length)
    {
        final UnsafeBuffer slot = slots[(int)(sequence % SLOTS)];
        header.wrap(slot, 0);
        switch (header.templateId())
        {
            case FundingUpdateDecoder.TEMPLATE_ID:
                fundings++;
                break;
            case BookUpdateDecoder.TEMPLATE_ID:
                if (book.wrapAndApplyHeader(slot, 0, header).action() == BookAction.SNAPSHOT)
                {
                    snapshots++;
                }
                else
                {
                    deltas++;
                }
                break;
            case TickerUpdateDecoder.TEMPLATE_ID:
                tickers++;
                lastVolume = ticker.wrapAndApplyHeader(slot, 0, header).quoteVolume24h();
                break;
            case VenueStatusDecoder.TEMPLATE_ID:
                status.wrapAndApplyHeader(slot, 0, header);
                statuses.add(new Status(status.state(), status.reconnects(), status.detail()));
                break;
            default:
                break;
        }
        notifyAll();
    }

    @Override
    public synchronized void abort(final long sequence)
    {
        notifyAll();
    }

    public synchronized long fundings()
    {
        return fundings;
    }

    /** Book snapshots published (one per resync of an instrument). */
    public synchronized long bookSnapshots()
    {
        return snapshots;
    }

    public synchronized long tickers()
    {
        return tickers;
    }

    /** The 24 h quote volume of the last {@code TickerUpdate} (1e-9). */
    public synchronized long lastVolume()
    {
        return lastVolume;
    }

    public synchronized long bookDeltas()
    {
        return deltas;
    }

    public synchronized List<Status> statuses()
    {
        return List.copyOf(statuses);
    }

    /** Whether a status after the first {@code from} has {@code state} and a detail containing {@code detailPart}. */
    public synchronized boolean hasStatusSince(final int from, final FeedState state, final String detailPart)
    {
        return statuses.subList(Math.min(from, statuses.size()), statuses.size()).stream()
            .anyMatch(s -> s.state() == state && s.detail().contains(detailPart));
    }

    /**
     * Feed timings for loopback tests: reconnect backoff 20-200 ms, REST retried 3 times at 20-100 ms,
     * silences and subscribe acks watched at {@code silenceNs}.
     */
    public static FeedTimings fastTimings(final long silenceNs)
    {
        return FeedTimings.defaults()
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200))
            .withRestRetry(3, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100))
            .withLiveness(FeedLiveness.defaults().withSilences(silenceNs, silenceNs).withAckTimeoutNs(silenceNs));
    }

    /** Waits until {@code condition} holds; false on timeout. */
    public synchronized boolean await(final Predicate<FeedEventSink> condition, final long timeoutMs) throws InterruptedException
    {
        return Waits.await(this, () -> condition.test(this), timeoutMs);
    }
}
