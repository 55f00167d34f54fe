package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.TimerEncoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.InstrumentDefinitionPublisher;
import io.fundingarb.connectors.parse.BookUpdatePublisher;
import io.fundingarb.connectors.parse.LevelBuffer;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.BacktestConfig;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.CheckpointSeals;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.pipeline.StageChain;
import io.fundingarb.engine.pipeline.StageErrors;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.MessageSlot;
import io.fundingarb.engine.stage.Stages;
import io.fundingarb.codecs.CommandSink;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.MutableDirectBuffer;

/**
 * A backtest: the funding history through the same MarketStage, RiskStage and ExecutionStage as a
 * live session, with {@link BacktestGateway} as the venues, on one thread, time from the history only.
 * <pre>
 *  history rows ─► instrument definitions, funding updates, modelled books, balances, timers
 *                          ▼
 *                    EventQueue (FIFO) ──► input journal ──► market ► risk ► execution
 *                          ▲                                                   │ commands
 *                          └──── reports, payments, balances ◄── BacktestGateway ◄┤
 *                                                                  command journal ◄┘
 * </pre>
 * Every published event is taken out, journaled and run through the stages before the next one
 * (so a gateway's reports follow the command that caused them at once): the same inputs give the
 * same journal records, and the journal is a normal session journal ({@code replay --verify},
 * {@code report}). Steps: the rows of one UTC hour; at each row its venue settles funding on the
 * position held ({@link BacktestGateway#settle}), then a {@code FundingUpdate} announces the rate
 * just settled as the forecast of the next interval (no look-ahead), the next settlement one
 * interval later and the token's mark. A new mark of a base moves the modelled books of all its
 * instruments together, in small steps (see {@link #noteMark}); the fills use the same model. After the hour's rows, every venue
 * that sent nothing gets its first instrument's book again (data age), then a timer TICK, and a
 * CHECKPOINT each {@code engine.checkpoint_interval} of history time. The mark of a row: its own {@code mark_price}, else the latest mark of the same
 * base in any row at or before it (the bundled history has marks on Binance rows); a row before its
 * base has any mark is skipped and counted.
 */
public final class Backtest
{
    private static final long NS_PER_MS = 1_000_000L;
    private static final long HOUR_MS = 3_600_000L;
    /** Largest move of a token's books in one step when its mark jumps (0.2 %, below the default slippage tolerance and stop-loss). */
    static final double MAX_MARK_STEP = 0.002;
    /** At most this many steps per mark change (a 50 % jump moves in 0.5 % steps). */
    static final int MAX_MARK_STEPS = 100;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** The window and selection of a run. */
    public record Window(long fromMs, long toMs, Set<Venue> venues)
    {
    }

    /** What a run measured besides its journal. */
    public record Outcome(
        Path journalDir, long events, long commands, long rowsUsed, long rowsWithoutMark, long steps, long fills, long settlements,
        long startEquity, long endEquity, long maxDrawdown, long tradedNotional, long fees, long funding, long hoursInMarket, long hours,
        List<long[]> dailyEquity, long stageErrors, double seconds)
    {
    }

    private final FundingArbConfig config;
    private final String configText;
    private final HistoryCsv history;
    private final Window window;
    private final PrintStream progress;
    /** Progress as a bar redrawn in place: the progress goes to standard output and that is a terminal. */
    private final boolean terminal;
    private boolean barShown;
    private static final int BAR_WIDTH = 30;

    private final SymbolTable symbols = new SymbolTable();
    private final EventQueue queue;
    private final BacktestGateway gateway;
    private final InstrumentDefinitionPublisher definitions;
    private final BookUpdatePublisher[] books = new BookUpdatePublisher[8];
    private final LevelBuffer bids;
    private final LevelBuffer asks;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
    private final TimerEncoder timer = new TimerEncoder();
    private long nowNs;
    private long timerSeq;
    private long bookSeq;

    /** Per instrument id: defined, and its venue. */
    private boolean[] defined = new boolean[64];
    private int[] instrumentVenue = new int[64];
    private final Map<String, Long> tokenMark = new HashMap<>();
    private final Map<String, List<Integer>> instrumentsOfToken = new HashMap<>();
    private final int[] firstInstrumentOfVenue = new int[8];
    private final boolean[] venueSentData = new boolean[8];

    private StageChain chain;
    private StageErrors errors;
    private JournalWriter inputWriter;
    private JournalWriter commandWriter;
    private final CheckpointSeals inputSeals = new CheckpointSeals();
    private final CheckpointSeals commandSeals = new CheckpointSeals();
    private long commands;

    /**
     * @param zeroCosts no fees, no spread, unlimited depth in the fill model (the stages still rank with the configured fees)
     * @param progress  where a progress line goes about every second, or null
     */
    public Backtest(
        final FundingArbConfig config, final String configText, final HistoryCsv history, final Window window, final boolean zeroCosts,
        final PrintStream progress)
    {
        this.config = config;
        this.configText = configText;
        this.history = history;
        this.window = window;
        this.progress = progress;
        this.terminal = progress == System.out && System.console() != null;
        this.queue = new EventQueue(1024, config.engine().maxEventBytes());
        this.gateway = new BacktestGateway(queue, () -> nowNs, config.backtest().bookLevels());
        this.definitions = new InstrumentDefinitionPublisher(queue);
        this.bids = new LevelBuffer(config.backtest().bookLevels());
        this.asks = new LevelBuffer(config.backtest().bookLevels());
        Arrays.fill(firstInstrumentOfVenue, -1);
        final BacktestConfig bt = zeroCosts ? config.backtest().zeroCosts() : config.backtest();
        for (final Venue venue : window.venues())
        {
            final String name = venue.name().toLowerCase(java.util.Locale.ROOT);
            final BacktestConfig.VenueBook book = bt.venue(name);
            final VenueConfig fees = config.venues().byVenueId(venue.value());
            gateway.venue(venue, zeroCosts ? 0 : FixedPoint.fromDouble(fees.takerFee()), FixedPoint.fromDouble(book.halfSpreadBps() / 10_000.0),
                FixedPoint.fromDouble(book.levelStepBps() / 10_000.0), FixedPoint.fromDouble(book.levelUsd()),
                FixedPoint.fromDouble(bt.startingBalanceUsd()));
            books[venue.value()] = new BookUpdatePublisher(queue, venue, bt.bookLevels());
        }
    }

    /** Runs the whole window into a new journal at {@code journalDir}. */
    public Outcome run(final Path journalDir)
    {
        final long startedNs = System.nanoTime(); // for the progress rate only: never reaches an event
        final List<HistoryCsv.Row> rows = history.rows();
        final Journal journal = Journal.create(journalDir, JournalWriter.Durability.NONE);
        writeConfig(journalDir);
        errors = new StageErrors(Pipeline.JOURNAL, Pipeline.MARKET, Pipeline.RISK, Pipeline.EXECUTION, Pipeline.COMMAND_JOURNAL, Pipeline.GATEWAYS);
        final long startEquity;
        long endEquity;
        long peak;
        long maxDrawdown = 0;
        long rowsUsed = 0;
        long rowsWithoutMark = 0;
        long steps = 0;
        long hoursInMarket = 0;
        final List<long[]> daily = new ArrayList<>();
        try
        {
            inputWriter = new JournalWriter(journal.inbound());
            commandWriter = new JournalWriter(journal.commands());
            final Stages stages = FundingArbAgent.stageFactory(config, null).create(new Commands());
            chain = new StageChain(stages, errors);

            int i = 0;
            // marks known before the window
            while (i < rows.size() && rows.get(i).settlementMs() < window.fromMs())
            {
                noteMark(rows.get(i), false);
                i++;
            }
            nowNs = window.fromMs() * NS_PER_MS;
            gateway.start();
            drain();
            startEquity = gateway.equity();
            peak = startEquity;
            endEquity = startEquity;
            long day = Math.floorDiv(window.fromMs(), 24 * HOUR_MS);
            final long checkpointNs = config.engine().checkpointInterval().toNanos();
            long nextCheckpointNs = nowNs + checkpointNs;
            final long spanMs = Math.max(1, Math.min(window.toMs(), lastMs(rows)) - window.fromMs());
            long nextProgressNs = System.nanoTime() + 1_000_000_000L;
            while (i < rows.size() && rows.get(i).settlementMs() < window.toMs())
            {
                final long hour = Math.floorDiv(rows.get(i).settlementMs(), HOUR_MS);
                final long thisDay = Math.floorDiv(hour * HOUR_MS, 24 * HOUR_MS);
                if (thisDay != day)
                {
                    daily.add(new long[] {day, gateway.equity()});
                    day = thisDay;
                }
                Arrays.fill(venueSentData, false);
                while (i < rows.size() && rows.get(i).settlementMs() < window.toMs() && Math.floorDiv(rows.get(i).settlementMs(), HOUR_MS) == hour)
                {
                    final HistoryCsv.Row row = rows.get(i++);
                    noteMark(row, true);
                    if (!window.venues().contains(row.venue()))
                    {
                        continue;
                    }
                    final Long mark = tokenMark.get(row.base());
                    if (mark == null)
                    {
                        rowsWithoutMark++;
                        continue;
                    }
                    rowsUsed++;
                    nowNs = row.settlementMs() * NS_PER_MS;
                    settleAndAnnounce(row, mark);
                }
                publishBooks();
                publishTimer(nowNs >= nextCheckpointNs ? TimerKind.CHECKPOINT : TimerKind.TICK);
                if (nowNs >= nextCheckpointNs)
                {
                    nextCheckpointNs = nowNs + checkpointNs;
                }
                steps++;
                final long equity = gateway.equity();
                endEquity = equity;
                peak = Math.max(peak, equity);
                maxDrawdown = Math.max(maxDrawdown, peak - equity);
                if (gateway.inMarket())
                {
                    hoursInMarket++;
                }
                if (progress != null && System.nanoTime() >= nextProgressNs)
                {
                    nextProgressNs = System.nanoTime() + 1_000_000_000L;
                    final double done = 100.0 * (nowNs / NS_PER_MS - window.fromMs()) / spanMs;
                    final double seconds = (System.nanoTime() - startedNs) / 1e9;
                    final String line = String.format("backtest %s  %5.1f %%  %,.0f events/s", DAY.format(Instant.ofEpochMilli(nowNs / NS_PER_MS)),
                        done, chain.events() / Math.max(seconds, 1e-9));
                    if (terminal)
                    {
                        // a bar redrawn in place on a terminal; plain lines otherwise (pipes, logs, CI)
                        final int filled = (int)Math.max(0, Math.min(BAR_WIDTH, Math.round(done / 100.0 * BAR_WIDTH)));
                        progress.print("\r[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + line);
                        progress.flush();
                        barShown = true;
                    }
                    else
                    {
                        progress.println(line);
                    }
                }
            }
            daily.add(new long[] {day, gateway.equity()});
            publishTimer(TimerKind.CHECKPOINT);
            if (barShown)
            {
                progress.println(); // end the bar's line
            }
        }
        finally
        {
            if (inputWriter != null)
            {
                inputWriter.close();
            }
            if (commandWriter != null)
            {
                commandWriter.close();
            }
            journal.close();
        }
        final long hours = steps;
        return new Outcome(journalDir, chain.events(), commands, rowsUsed, rowsWithoutMark, steps, gateway.fills(), gateway.settlements(),
            startEquity, endEquity, maxDrawdown, gateway.tradedNotional(), gateway.feesPaid(), gateway.fundingReceived(), hoursInMarket, hours,
            daily, errors.total(), (System.nanoTime() - startedNs) / 1e9);
    }

    private static long lastMs(final List<HistoryCsv.Row> rows)
    {
        return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).settlementMs();
    }

    private void writeConfig(final Path dir)
    {
        try
        {
            Files.writeString(dir.resolve(Journal.CONFIG), configText);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dir.resolve(Journal.CONFIG), ex);
        }
    }

    /**
     * A row's mark becomes its base's mark, and every defined instrument of the base moves to it.
     * The history samples marks only every few hours, so a move can be several percent: published
     * one venue's book after another in one jump, the stages would see, between two books, one leg
     * moved and the other not (a basis that never existed, a stop-loss on a hedged pair). So the
     * books move together in steps of at most {@link #MAX_MARK_STEP}: each step publishes every
     * instrument's book at the same intermediate mark, and the gateway fills each instrument at the
     * mark of the book last published for it (what the stages saw).
     */
    private void noteMark(final HistoryCsv.Row row, final boolean publish)
    {
        final long target = row.markPrice();
        if (target == FixedPoint.NULL)
        {
            return;
        }
        final Long previous = tokenMark.put(row.base(), target);
        if (previous != null && previous == target)
        {
            return;
        }
        final List<Integer> ids = instrumentsOfToken.get(row.base());
        if (ids == null)
        {
            return;
        }
        if (!publish || previous == null)
        {
            for (final int id : ids)
            {
                gateway.mark(id, target);
            }
            return;
        }
        nowNs = Math.max(nowNs, row.settlementMs() * NS_PER_MS);
        final long from = previous;
        final double move = Math.abs((double)(target - from) / from);
        final int steps = (int)Math.min(MAX_MARK_STEPS, Math.max(1, Math.ceil(move / MAX_MARK_STEP)));
        for (int k = 1; k <= steps; k++)
        {
            final long mark = k == steps ? target : from + (target - from) / steps * k;
            for (int n = 0; n < ids.size(); n++)
            {
                gateway.mark(ids.get(n), mark);
                book(ids.get(n));
            }
        }
    }

    private void settleAndAnnounce(final HistoryCsv.Row row, final long mark)
    {
        final int id = symbols.instrumentId(row.venue(), row.symbol());
        ensure(id);
        if (!defined[id])
        {
            define(id, row, mark);
            gateway.mark(id, mark);
            book(id);
        }
        final long rate = rateE9(row);
        gateway.settle(id, rate, mark, nowNs);
        drain();
        final long seq = queue.claim();
        final MutableDirectBuffer buffer = queue.buffer(seq);
        funding.wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(nowNs)
            .tsEventNs(nowNs)
            .instrumentId(id)
            .venue(row.venue())
            .fundingRate(rate)
            .fundingIntervalS(row.intervalS())
            .nextFundingTsNs(nowNs + row.intervalS() * 1_000_000_000L)
            .markPrice(mark)
            .indexPrice(mark);
        queue.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
        venueSentData[row.venue().value()] = true;
        drain();
    }

    /** The row's rate at 1e-9, rounded half-even from its decimal text. */
    static long rateE9(final HistoryCsv.Row row)
    {
        return row.rate().movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    }

    private void define(final int id, final HistoryCsv.Row row, final long mark)
    {
        defined[id] = true;
        instrumentVenue[id] = row.venue().value();
        instrumentsOfToken.computeIfAbsent(row.base(), b -> new ArrayList<>()).add(id);
        if (firstInstrumentOfVenue[row.venue().value()] < 0)
        {
            firstInstrumentOfVenue[row.venue().value()] = id;
        }
        gateway.define(id, row.venue());
        final VenueConfig fees = config.venues().byVenueId(row.venue().value());
        final long tick = tickFor(mark);
        final long lot = lotFor(mark);
        definitions.publish(nowNs, id, symbols.tokenId(row.base()), row.venue(), row.quote().name(), tick, lot, lot, 0, FixedPoint.SCALE,
            row.intervalS(), FixedPoint.fromDouble(fees.makerFee()), FixedPoint.fromDouble(fees.takerFee()), row.symbol(), row.base());
        drain();
    }

    /** About seven significant digits of price. */
    static long tickFor(final long mark)
    {
        long tick = 1;
        while (mark / tick >= 10_000_000L)
        {
            tick *= 10;
        }
        return tick;
    }

    /** A lot worth about one cent or less at the mark. */
    static long lotFor(final long mark)
    {
        long lot = 1;
        long worth = FixedPoint.multiply(lot * 10, mark);
        while (worth != FixedPoint.NULL && worth <= 10_000_000L && lot < FixedPoint.SCALE * 1_000_000L)
        {
            lot *= 10;
            worth = FixedPoint.multiply(lot * 10, mark);
        }
        return lot;
    }

    /** Data age: a venue that sent nothing this step gets its first instrument's book again. */
    private void publishBooks()
    {
        for (int v = 0; v < venueSentData.length; v++)
        {
            if (books[v] != null && !venueSentData[v] && firstInstrumentOfVenue[v] >= 0)
            {
                book(firstInstrumentOfVenue[v]);
            }
        }
    }

    private void book(final int id)
    {
        bids.clear();
        asks.clear();
        final long size = gateway.levelSize(id);
        for (int level = 0; level < gateway.levels(); level++)
        {
            bids.add(gateway.levelPrice(id, false, level), size);
            asks.add(gateway.levelPrice(id, true, level), size);
        }
        final long seq = ++bookSeq;
        books[instrumentVenue[id]].publishSnapshot(nowNs, nowNs, id, seq, seq - 1, bids, asks);
        venueSentData[instrumentVenue[id]] = true;
        drain();
    }

    private void publishTimer(final TimerKind kind)
    {
        final long seq = queue.claim();
        timer.wrapAndApplyHeader(queue.buffer(seq), 0, header)
            .tsInitNs(nowNs)
            .tsEventNs(nowNs)
            .kind(kind)
            .timerSeq(timerSeq++);
        queue.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + timer.encodedLength());
        drain();
    }

    private void ensure(final int id)
    {
        if (id >= defined.length)
        {
            final int size = Math.max(id + 1, defined.length * 2);
            defined = Arrays.copyOf(defined, size);
            instrumentVenue = Arrays.copyOf(instrumentVenue, size);
        }
    }

    /** Journals and runs every queued event, oldest first, including those the stages' commands cause. */
    private void drain()
    {
        InboundSlot slot;
        while ((slot = queue.poll()) != null)
        {
            if (slot.isEmpty())
            {
                continue;
            }
            inputSeals.append(inputWriter, slot);
            chain.onEvent(slot, slot.eventSeq);
        }
    }

    /** The stages' outbound side: each command is journaled, then handed to the gateway at once. */
    private final class Commands implements CommandSink
    {
        private final MessageSlot slot = new MessageSlot(config.engine().maxEventBytes());

        @Override
        public long claim()
        {
            slot.length = 0;
            return commands;
        }

        @Override
        public long tryClaim()
        {
            return claim();
        }

        @Override
        public MutableDirectBuffer buffer(final long sequence)
        {
            return slot.buffer;
        }

        @Override
        public int maxMessageLength()
        {
            return slot.array.length;
        }

        @Override
        public void commit(final long sequence, final int length)
        {
            slot.length = length;
            commands++;
            commandSeals.append(commandWriter, slot);
            gateway.onCommand(slot.buffer, 0, length, true);
        }

        @Override
        public void abort(final long sequence)
        {
            slot.length = 0;
        }
    }

    /** The gateway, for the static pair and tests. */
    BacktestGateway gateway()
    {
        return gateway;
    }
}
