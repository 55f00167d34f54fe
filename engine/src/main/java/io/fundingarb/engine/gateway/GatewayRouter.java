package io.fundingarb.engine.gateway;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.RiskStateChangeDecoder;
import io.fundingarb.codecs.sbe.StateCheckpointDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Routes each outbound command to the gateway of its {@code venue}:
 * <pre>
 *   outbound ring ──► GatewayRouter ──venue──► each venue's OrderGateway | PaperGateway ...
 *                         │ no gateway for the venue (or a late one not bound yet)
 *                         ▼
 *                      REJECTED ExecutionReport ──► inbound ring
 * </pre>
 * {@code OrderCommand} and {@code CancelCommand} are routed; {@code StateCheckpoint},
 * {@code PairEvent} and {@code RiskStateChange} are journal-only and ignored. An order for a
 * venue with no gateway is never dropped silently: it comes back as a REJECTED
 * {@code ExecutionReport} (code {@link #NO_GATEWAY}, reason "no gateway for venue X"), so the
 * engine unwinds and counts it like a venue reject. A cancel for such a venue is counted and not
 * sent, with no report: the order's own reports say how it ended (this session's order was
 * rejected the same way; a resumed session's cancel of a carried-over order, decided before its
 * gateway started, must not mark an order that may have filled at the venue as rejected; the
 * gateway asks the venue for those orders at start).
 *
 * <p>Each venue that will trade is {@link #expect expected} before the agent starts; its gateway
 * is {@link #bind bound} when it is built, before or after start (a venue's gateway needs the
 * instruments its feed defines at bootstrap). Until then its orders are rejected with "gateway
 * for venue X not started". Binding publishes the handler to the outbound thread (a volatile
 * write; the router reads it once per command); everything else runs on the outbound thread.
 * {@code endOfBatch} goes to the handler of the command that carries it. No allocation per
 * command.
 *
 * <p>A resumed session first replays the previous session's events ({@link #holdBefore(long)}):
 * the orders and cancels decided on them (event ordinals below the resume marker's) were the
 * previous session's decisions, journaled again but never sent.
 */
public final class GatewayRouter implements CommandHandler
{
    /** Reject code of a command for a venue that has no (bound) gateway. */
    public static final int NO_GATEWAY = -9101;

    private static final int VENUE_SLOTS = 8;

    private final AtomicReferenceArray<CommandHandler> handlers = new AtomicReferenceArray<>(VENUE_SLOTS);
    private final boolean[] expected = new boolean[VENUE_SLOTS];
    private final GatewayPublisher[] rejects = new GatewayPublisher[VENUE_SLOTS];
    private final String[] noGateway = new String[VENUE_SLOTS];
    private final String[] notStarted = new String[VENUE_SLOTS];
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderCommandDecoder order = new OrderCommandDecoder();
    private final CancelCommandDecoder cancel = new CancelCommandDecoder();
    private long routed;
    private long rejected;
    private long ignored;
    private long firstLiveEventSeq;
    private long held;
    private long cancelsDropped;
    private volatile boolean gatewaysClosed;
    private long afterClose;

    /**
     * @param sink  where rejects of unrouted commands go (the agent's inbound ring).
     * @param clock stamps the rejects.
     */
    public GatewayRouter(final EventSink sink, final EpochNanoClock clock)
    {
        for (final Venue venue : Venue.values())
        {
            if (venue == Venue.NULL_VAL)
            {
                continue;
            }
            final int v = venue.value();
            rejects[v] = new GatewayPublisher(sink, clock, venue);
            noGateway[v] = "no gateway for venue " + venue.name();
            notStarted[v] = "gateway for venue " + venue.name() + " not started";
        }
    }

    /** Sends {@code venue}'s commands to {@code handler} from now on: {@link #expect} then {@link #bind}; before the agent starts. */
    public GatewayRouter register(final Venue venue, final CommandHandler handler)
    {
        return expect(venue).bind(venue, handler);
    }

    /** {@code venue} will have a gateway; until it is {@link #bind bound}, its orders are rejected as "not started". Before the agent starts. */
    public GatewayRouter expect(final Venue venue)
    {
        if (venue == null || venue == Venue.NULL_VAL)
        {
            throw new IllegalArgumentException("a venue is required");
        }
        expected[venue.value()] = true;
        return this;
    }

    /** Sends an {@link #expect expected} venue's commands to {@code handler}; once, from any thread, before or after start. */
    public GatewayRouter bind(final Venue venue, final CommandHandler handler)
    {
        if (venue == null || venue == Venue.NULL_VAL || handler == null)
        {
            throw new IllegalArgumentException("a venue and a handler are required");
        }
        if (!expected[venue.value()])
        {
            throw new IllegalStateException("no gateway is expected for " + venue + ": expect it before the agent starts");
        }
        if (!handlers.compareAndSet(venue.value(), null, handler))
        {
            throw new IllegalStateException("a gateway is already bound for " + venue);
        }
        return this;
    }

    /** Orders and cancels caused by events before {@code eventSeq} (the carried-over events of a resume) are dropped; before the agent starts. */
    public GatewayRouter holdBefore(final long eventSeq)
    {
        firstLiveEventSeq = eventSeq;
        return this;
    }

    /** True when {@code venue} is expected to have a gateway (bound or not). */
    public boolean routes(final Venue venue)
    {
        return expected[venue.value()];
    }

    /** True when {@code venue}'s gateway is bound. */
    public boolean bound(final Venue venue)
    {
        return handlers.get(venue.value()) != null;
    }

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int venue;
        final long eventSeq;
        if (templateId == OrderCommandDecoder.TEMPLATE_ID)
        {
            order.wrapAndApplyHeader(buffer, offset, header);
            venue = order.venueRaw() & (VENUE_SLOTS - 1);
            eventSeq = order.eventSeq();
        }
        else if (templateId == CancelCommandDecoder.TEMPLATE_ID)
        {
            cancel.wrapAndApplyHeader(buffer, offset, header);
            venue = cancel.venueRaw() & (VENUE_SLOTS - 1);
            eventSeq = cancel.eventSeq();
        }
        else
        {
            // StateCheckpointDecoder, PairEventDecoder, RiskStateChangeDecoder: journal-only
            ignored += journalOnly(templateId) ? 1 : 0;
            return;
        }
        if (eventSeq < firstLiveEventSeq)
        {
            held++; // the previous session's decision, replayed
            return;
        }
        if (gatewaysClosed)
        {
            afterClose++; // the session is closing: the gateways are gone, the rings drain
            return;
        }
        final CommandHandler handler = handlers.get(venue);
        if (handler == null && templateId == CancelCommandDecoder.TEMPLATE_ID)
        {
            cancelsDropped++; // the order's own reports say how it ended
            return;
        }
        if (handler == null)
        {
            reject(templateId, venue, expected[venue] ? notStarted[venue] : noGateway[venue]);
        }
        else
        {
            routed++;
            handler.onCommand(buffer, offset, length, endOfBatch);
        }
    }

    private static boolean journalOnly(final int templateId)
    {
        return templateId == StateCheckpointDecoder.TEMPLATE_ID
            || templateId == PairEventDecoder.TEMPLATE_ID
            || templateId == RiskStateChangeDecoder.TEMPLATE_ID;
    }

    private void reject(final int templateId, final int venue, final String reason)
    {
        final GatewayPublisher publisher = rejects[venue];
        if (publisher == null)
        {
            rejected++; // a venue value outside the schema: nothing can carry it back
            return;
        }
        rejected++;
        publisher.reject(order.clientOrderId(), order.pairId(), order.instrumentId(), order.side(), order.quantity(), NO_GATEWAY, reason);
    }

    /**
     * The session is closing and its gateways close next: from now on orders and cancels are counted
     * ({@link #afterClose()}) and not sent. From any thread.
     */
    public void closeGateways()
    {
        gatewaysClosed = true;
    }

    /** Orders and cancels decided after {@link #closeGateways()}, not sent. */
    public long afterClose()
    {
        return afterClose;
    }

    /** Orders and cancels handed to a gateway. */
    public long routed()
    {
        return routed;
    }

    /** Orders and cancels rejected for want of a gateway. */
    public long rejected()
    {
        return rejected;
    }

    /** Cancels for a venue without a (bound) gateway, not sent. */
    public long cancelsDropped()
    {
        return cancelsDropped;
    }

    /** Orders and cancels of carried-over events, dropped. */
    public long held()
    {
        return held;
    }

    /** Journal-only commands seen (checkpoints, pair events, risk state changes). */
    public long ignored()
    {
        return ignored;
    }
}
