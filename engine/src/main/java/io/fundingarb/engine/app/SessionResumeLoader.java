package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.SessionResumeDecoder;
import io.fundingarb.codecs.sbe.SessionResumeEncoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.PreviousOrder;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.agrona.MutableDirectBuffer;

/**
 * What {@code --resume} (and {@code --unwind-orphans}) put at the head of a new session's inbound
 * ring, before any feed or gateway starts:
 * <pre>
 *   previous session's inbound events, in order (up to the end or the first bad record)
 *   SessionResume {previous epoch, carried-over count, venues to reconcile}
 *   ... the new session's own events
 * </pre>
 * The stages process the carried-over events as a replay does, which rebuilds pairs, exposure,
 * order numbering and the breaker; the commands they decide on them are journaled again but never
 * sent ({@link io.fundingarb.engine.gateway.GatewayRouter#holdBefore(long)} with {@link #markerSeq()}).
 * The new journal therefore replays on its own.
 */
final class SessionResumeLoader
{
    private final Path previous;
    private final boolean damaged;
    private final long previousEpoch;
    private final int venueMask;
    private final List<String> tokenNames = new ArrayList<>();
    private final List<String[]> instrumentNames = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    /** The SessionResume markers inside the previous journal: their ordinals and the epochs of the sessions before them. */
    private final List<long[]> markers = new ArrayList<>();
    /** Per client order id: what the carried reports say of it. */
    private final Map<Long, Outcome> outcomes = new java.util.HashMap<>();
    private final List<Unfinished> unfinished = new ArrayList<>();
    private long carried;

    /** What the carried-over execution reports say of one order. */
    private static final class Outcome
    {
        long cumQty;
        long cumQuote;
        long cumFee;
        /** A final report other than the router's "no gateway" reject. */
        boolean finished;
        /** The session (marker index) of a "no gateway" reject, or -1. */
        int noGatewaySegment = -1;
    }

    /** An order the previous sessions sent and never saw finish, with its venue. */
    record Unfinished(Venue venue, PreviousOrder order)
    {
    }

    /** A fill the previous session journaled (a paper session rebuilds its paper positions from them). */
    record Fill(int instrumentId, Venue venue, boolean buy, long qty, long price)
    {
    }

    /**
     * @param previous the previous session's journal folder, or null to reconcile without carrying anything over
     * @param damaged  whether it was read up to its first bad record (--allow-damaged)
     * @param venues   the venues with an order gateway, whose positions the engine awaits
     */
    SessionResumeLoader(final Path previous, final boolean damaged, final Set<Venue> venues)
    {
        this.previous = previous;
        this.damaged = damaged;
        this.previousEpoch = previous == null ? 0 : SessionEpoch.recorded(previous);
        int mask = 0;
        for (final Venue venue : venues)
        {
            mask |= 1 << venue.value();
        }
        this.venueMask = mask;
        this.carried = previous == null ? 0 : count(previous);
        if (previous != null)
        {
            findUnfinished(previous);
        }
    }

    /**
     * The orders of the carried-over sessions the journal never saw finish on {@code venue} (sent,
     * working or UNKNOWN without a final report), each with the epoch of the session that sent it:
     * the venue's gateway asks for them at start ({@link io.fundingarb.connectors.gateway.PreviousOrders}).
     */
    List<PreviousOrder> unfinished(final Venue venue)
    {
        final List<PreviousOrder> out = new ArrayList<>();
        for (final Unfinished order : unfinished)
        {
            if (order.venue() == venue)
            {
                out.add(order.order());
            }
        }
        return out;
    }

    /** Every unfinished order of the carried-over sessions. */
    List<Unfinished> unfinished()
    {
        return unfinished;
    }

    /**
     * The orders the carried-over events decided (the previous journal's commands caused by events
     * before its end or first bad record) without a final report among those events. A REJECTED
     * "no gateway" report of a later session than its order's is a cancel refused before the
     * gateway started (journals written before such cancels were dropped), not the order's end.
     * The epoch of an order is that of the session whose events decided it: the previousEpoch of
     * the next marker, or the previous journal's own epoch after its last marker; an order of a
     * session without an epoch (paper) is skipped.
     */
    private void findUnfinished(final Path dir)
    {
        final long ownEpoch = SessionEpoch.recorded(dir);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderCommandDecoder order = new OrderCommandDecoder();
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        try (Journal journal = Journal.openExisting(dir); JournalReader commands = new JournalReader(journal.commands(), 4096))
        {
            while (commands.next())
            {
                header.wrap(commands.buffer(), 0);
                if (header.templateId() != OrderCommandDecoder.TEMPLATE_ID)
                {
                    continue;
                }
                order.wrap(commands.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                final long eventSeq = order.eventSeq();
                final long id = order.clientOrderId();
                if (eventSeq < 0 || eventSeq >= carried || !seen.add(id))
                {
                    continue;
                }
                final Outcome outcome = outcomes.get(id);
                final int segment = segment(eventSeq);
                if (outcome != null && (outcome.finished || outcome.noGatewaySegment == segment))
                {
                    continue;
                }
                final long epoch = segment < markers.size() ? markers.get(segment)[1] : ownEpoch;
                if (epoch <= 0)
                {
                    continue;
                }
                unfinished.add(new Unfinished(order.venue(), new PreviousOrder(id, epoch, order.pairId(), order.instrumentId(), order.side(),
                    order.price(), order.quantity(), outcome == null ? 0 : outcome.cumQty, outcome == null ? 0 : outcome.cumQuote,
                    outcome == null ? 0 : outcome.cumFee, order.tsInitNs())));
            }
        }
    }

    /** How many markers precede inbound ordinal {@code seq}: the index of the session whose events it belongs to. */
    private int segment(final long seq)
    {
        int k = 0;
        while (k < markers.size() && markers.get(k)[0] <= seq)
        {
            k++;
        }
        return k;
    }

    /** The fills of the carried-over events, in order. */
    List<Fill> fills()
    {
        return fills;
    }

    /** The ordinal of the resume marker: events before it are the previous session's. */
    long markerSeq()
    {
        return carried;
    }

    /** Publishes the carried-over events, then the marker; from the thread that starts the agent, before any other producer. */
    void publish(final EventSink sink, final long nowNs)
    {
        long published = 0;
        if (previous != null)
        {
            try (Journal journal = Journal.openExisting(previous); JournalReader events = new JournalReader(journal.inbound(), 4096))
            {
                while (published < carried && events.next())
                {
                    if (events.length() > sink.maxMessageLength())
                    {
                        throw new IllegalStateException("record " + events.position() + " of " + previous + " holds " + events.length()
                            + " bytes, more than a ring slot (" + sink.maxMessageLength() + "): raise engine.slot_bytes to resume it");
                    }
                    final long seq = sink.claim();
                    sink.buffer(seq).putBytes(0, events.buffer(), 0, events.length());
                    sink.commit(seq, events.length());
                    published++;
                }
            }
        }
        carried = published; // equal unless the journal changed between the count and the copy, which nothing does
        final long seq = sink.claim();
        final MutableDirectBuffer buffer = sink.buffer(seq);
        final SessionResumeEncoder marker = new SessionResumeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsInitNs(nowNs).tsEventNs(nowNs).previousEpoch(previousEpoch).carriedEvents(published).venueMask(venueMask)
            .damaged(damaged ? BooleanType.TRUE : BooleanType.FALSE);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + marker.encodedLength());
    }

    /**
     * Gives the new session's symbol table the previous session's ids before any feed interns a
     * name: the carried-over events name instruments and tokens by id, and ids are dense in order of
     * first use, which differs between sessions (the venues' instrument lists arrive in any order).
     * Ids the previous session interned without defining are held by placeholders.
     */
    void internInto(final SymbolTable symbols)
    {
        for (int id = 1; id < tokenNames.size(); id++)
        {
            final String token = tokenNames.get(id);
            final int got = symbols.tokenId(token == null ? "?token-" + id : token);
            check(got == id, "token", token, id, got);
        }
        for (int id = 1; id < instrumentNames.size(); id++)
        {
            final String[] name = instrumentNames.get(id);
            final int got = name == null ? symbols.instrumentId(Venue.NULL_VAL, "?instrument-" + id)
                : symbols.instrumentId(Venue.valueOf(name[0]), name[1]);
            check(got == id, "instrument", name == null ? null : name[0] + ":" + name[1], id, got);
        }
    }

    private void check(final boolean same, final String kind, final String name, final int id, final int got)
    {
        if (!same)
        {
            throw new IllegalStateException("--resume: " + kind + " " + name + " had id " + id + " in " + previous + " but gets " + got
                + " here: resume before anything else interns names");
        }
    }

    /** Inbound events readable from {@code dir} (up to its end, or its first bad record); collects the instruments they define. */
    private long count(final Path dir)
    {
        long n = 0;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        final SessionResumeDecoder marker = new SessionResumeDecoder();
        try (Journal journal = Journal.openExisting(dir); JournalReader events = new JournalReader(journal.inbound(), 4096))
        {
            while (events.next())
            {
                final long seq = n++;
                header.wrap(events.buffer(), 0);
                if (header.templateId() == ExecutionReportDecoder.TEMPLATE_ID)
                {
                    report.wrap(events.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    final ExecType type = report.execType();
                    if ((type == ExecType.FILL || type == ExecType.PARTIAL_FILL) && report.lastQty() > 0 && report.lastQty() != FixedPoint.NULL)
                    {
                        fills.add(new Fill(report.instrumentId(), report.venue(), report.side() == Side.BUY, report.lastQty(), report.lastPrice()));
                    }
                    onReport(report, markers.size());
                }
                else if (header.templateId() == SessionResumeDecoder.TEMPLATE_ID)
                {
                    marker.wrap(events.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    markers.add(new long[] {seq, marker.previousEpoch()});
                }
                else if (header.templateId() == InstrumentDefinitionDecoder.TEMPLATE_ID)
                {
                    definition.wrap(events.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    final int instrumentId = definition.instrumentId();
                    final int tokenId = definition.tokenId();
                    final Venue venue = definition.venue();
                    final String symbol = definition.symbol();
                    final String token = definition.tokenName();
                    put(instrumentNames, instrumentId, new String[] {venue.name(), symbol});
                    put(tokenNames, tokenId, token);
                }
            }
        }
        return n;
    }

    private void onReport(final ExecutionReportDecoder report, final int segment)
    {
        final Outcome outcome = outcomes.computeIfAbsent(report.clientOrderId(), id -> new Outcome());
        final ExecType type = report.execType();
        final long lastQty = report.lastQty();
        if (lastQty != FixedPoint.NULL && lastQty > 0 && report.lastPrice() != FixedPoint.NULL)
        {
            outcome.cumQuote += FixedPoint.multiply(report.lastPrice(), lastQty);
        }
        if (report.cumQty() != FixedPoint.NULL)
        {
            outcome.cumQty = Math.max(outcome.cumQty, report.cumQty());
        }
        final short asset = report.feeAssetRaw(); // raw: a value this build does not know is not the quote
        if (report.fee() != FixedPoint.NULL && (asset == 0 || asset == Asset.NULL_VAL.value() || asset == Asset.USDT.value() || asset == Asset.USDC.value()))
        {
            outcome.cumFee += report.fee(); // in the quote, as the venues' cumulative fees are (BNB fees are not)
        }
        if (type == ExecType.REJECTED && report.rejectCode() == GatewayRouter.NO_GATEWAY)
        {
            outcome.noGatewaySegment = segment; // the order's own (same session) or a refused cancel (a later one)
            return;
        }
        outcome.finished |= type == ExecType.REJECTED || type == ExecType.CANCELED || type == ExecType.EXPIRED
            || type == ExecType.FILL && (report.leavesQty() == 0 || report.leavesQty() == FixedPoint.NULL);
    }

    private static <T> void put(final List<T> byId, final int id, final T value)
    {
        if (id <= 0 || id > 1_000_000)
        {
            return;
        }
        while (byId.size() <= id)
        {
            byId.add(null);
        }
        byId.set(id, value);
    }

    /** The latest session folder under {@code root} (the newest inbound journal), if any. */
    static Optional<Path> latest(final Path root)
    {
        if (!Files.isDirectory(root))
        {
            return Optional.empty();
        }
        try (Stream<Path> sessions = Files.list(root))
        {
            return sessions.filter(dir -> Files.isDirectory(dir.resolve(Journal.INBOUND)))
                .max(Comparator.comparingLong(SessionResumeLoader::modified).thenComparing(Path::toString));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + root, ex);
        }
    }

    private static long modified(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir.resolve(Journal.INBOUND)))
        {
            long latest = Files.getLastModifiedTime(dir).toMillis();
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                latest = Math.max(latest, Files.getLastModifiedTime(file).toMillis());
            }
            return latest;
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
