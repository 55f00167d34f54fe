package io.fundingarb.connectors.history;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Publishes a slice of {@link FundingHistory} onto the inbound ring as the engine would see it
 * live: one {@code InstrumentDefinition} per (venue, symbol) first, then, for each settlement,
 * a {@code FundingUpdate} at the start of its accrual window announcing the rate that will settle
 * at its end. Events go out when the given clock reaches their time, so a compressed clock
 * replays history fast.
 */
public final class HistoryReplayFeed implements AutoCloseable
{
    private static final long NS_PER_MS = 1_000_000L;

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final SymbolTable symbols;
    private final List<FundingHistory.Settlement> settlements;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long published;

    public HistoryReplayFeed(
        final EventSink sink, final EpochNanoClock clock, final SymbolTable symbols, final List<FundingHistory.Settlement> settlements)
    {
        this.sink = sink;
        this.clock = clock;
        this.symbols = symbols;
        this.settlements = new ArrayList<>(settlements);
        this.settlements.sort(Comparator.comparingLong(HistoryReplayFeed::announceMs));
        this.thread = new Thread(this::run, "fa-history-feed");
        this.thread.setDaemon(true);
    }

    private static long announceMs(final FundingHistory.Settlement s)
    {
        return s.settlementMs() - s.intervalS() * 1000L;
    }

    public HistoryReplayFeed start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        final Map<String, FundingHistory.Settlement> instruments = new LinkedHashMap<>();
        for (final FundingHistory.Settlement s : settlements)
        {
            instruments.putIfAbsent(s.venue() + ":" + s.symbol(), s);
        }
        for (final FundingHistory.Settlement s : instruments.values())
        {
            publishDefinition(s);
        }
        for (final FundingHistory.Settlement s : settlements)
        {
            final long dueNs = announceMs(s) * NS_PER_MS;
            while (running && clock.nanoTime() < dueNs)
            {
                LockSupport.parkNanos(1_000_000L);
            }
            if (!running)
            {
                return;
            }
            publishFunding(s);
        }
    }

    private void publishDefinition(final FundingHistory.Settlement s)
    {
        final long nowNs = clock.nanoTime();
        final long sequence = sink.claim();
        definition.wrapAndApplyHeader(sink.buffer(sequence), 0, header)
            .tsInitNs(nowNs)
            .tsEventNs(nowNs)
            .instrumentId(symbols.instrumentId(s.venue(), s.symbol()))
            .tokenId(symbols.tokenId(s.base()))
            .venue(s.venue())
            .quote(s.quote())
            .tickSize(FixedPoint.NULL)
            .lotSize(FixedPoint.NULL)
            .minQty(FixedPoint.NULL)
            .minNotional(FixedPoint.NULL)
            .contractValue(FixedPoint.SCALE)
            .fundingIntervalS(s.intervalS())
            .makerFee(FixedPoint.NULL)
            .takerFee(FixedPoint.NULL)
            .symbol(s.symbol())
            .tokenName(s.base());
        sink.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
    }

    private void publishFunding(final FundingHistory.Settlement s)
    {
        final long sequence = sink.claim();
        funding.wrapAndApplyHeader(sink.buffer(sequence), 0, header)
            .tsInitNs(clock.nanoTime())
            .tsEventNs(announceMs(s) * NS_PER_MS)
            .instrumentId(symbols.instrumentId(s.venue(), s.symbol()))
            .venue(s.venue())
            .fundingRate(s.fundingRate())
            .fundingIntervalS(s.intervalS())
            .nextFundingTsNs(s.settlementMs() * NS_PER_MS)
            .markPrice(s.markPrice())
            .indexPrice(FixedPoint.NULL);
        sink.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
        published++;
    }

    /** Funding updates published so far. */
    public long published()
    {
        return published;
    }

    /** True once every settlement of the slice has been published. */
    public boolean finished()
    {
        return !thread.isAlive() && running;
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
