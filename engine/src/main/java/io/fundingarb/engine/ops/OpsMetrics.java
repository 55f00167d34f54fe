package io.fundingarb.engine.ops;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.stage.TradingState;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The engine's Prometheus metrics (official client, text exposition format), every one a callback
 * over an {@link OpsReadings} taken at scrape time: the views the stages publish, the pipeline's,
 * feeds' and gateways' counters. Nothing is recorded on the hot path. Names start
 * {@code fundingarb_}; money is in the quote asset's units (label {@code quote}), latency in seconds.
 * {@code config/grafana-fundingarb.json} charts them.
 */
final class OpsMetrics
{
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    /** Template ids up to the operator's command (the inbound events) are always shown per type, even at 0. */
    private static final int INBOUND_TYPES = OperatorCommandDecoder.TEMPLATE_ID;

    private final OpsReadings readings;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final long[] byQuote = new long[8];

    OpsMetrics(final OpsReadings readings)
    {
        this.readings = readings;
        final OpsSources sources = readings.sources;
        final GatewayRouter router = sources.agent().router();
        counter("fundingarb_events", "Inbound events published onto the ring since start (every type: market data, "
            + "execution reports, funding payments, balances, timers, operator commands)", cb -> cb.call(readings.published));
        counter("fundingarb_journal_events", "Inbound events journaled, per type (read from the journal behind the writer)", cb ->
        {
            for (int t = 1; t < readings.journal.byTemplate.length; t++)
            {
                final String type = JournalTail.typeName(t);
                if (!"Unknown".equals(type) && (readings.journal.byTemplate[t] > 0 || t <= INBOUND_TYPES))
                {
                    cb.call(readings.journal.byTemplate[t], type);
                }
            }
        }, "type");
        counter("fundingarb_funding_payments", "Funding settlements on the engine's positions (from the journal)",
            cb -> cb.call(readings.journal.fundingPayments));
        gauge("fundingarb_funding_received", "Funding settled on the engine's positions since start per quote asset, negative when paid (from the journal)",
            cb -> perQuote(cb, readings.journal.fundingByQuote), "quote");
        counter("fundingarb_stage_errors", "Events a stage failed on and skipped, per stage", cb ->
        {
            for (final String stage : sources.agent().pipeline().errors().names())
            {
                cb.call(sources.agent().pipeline().errors().count(stage), stage);
            }
        }, "stage");
        gauge("fundingarb_ring_backlog", "Events published but not yet consumed by every handler, per ring", cb ->
        {
            cb.call(readings.inboundBacklog, "inbound");
            cb.call(readings.outboundBacklog, "outbound");
        }, "ring");

        counter("fundingarb_feed_frames", "Frames (and REST bodies) each venue's parser handled, per result: published, ignored, "
            + "unknown_symbol, malformed, buffered, dropped, gap, oversized, ring_full", cb ->
        {
            for (final MarketDataFeed feed : sources.feeds())
            {
                for (int r = 0; r < FrameResult.COUNT; r++)
                {
                    cb.call(feed.count(r), OpsReadings.venue(feed.venue().value()), FrameResult.name(r).toLowerCase(Locale.ROOT));
                }
            }
        }, "venue", "result");
        feedCounter("fundingarb_feed_reconnects", "WebSocket reconnect attempts per venue", MarketDataFeed::reconnects);
        feedCounter("fundingarb_feed_resyncs", "Book resyncs after a sequence gap per venue", MarketDataFeed::resyncs);
        feedCounter("fundingarb_feed_silences", "Streams that went silent per venue", MarketDataFeed::silences);
        gauge("fundingarb_feed_state", "1 for each venue's current WebSocket state (CONNECTING, LIVE, STALE, RESYNCING, DOWN; BOOTSTRAP before the streams start)", cb ->
        {
            for (final MarketDataFeed feed : sources.feeds())
            {
                final FeedState state = feed.state();
                final String current = state == null ? "BOOTSTRAP" : state.name();
                final String venue = OpsReadings.venue(feed.venue().value());
                cb.call(1, venue, current);
            }
        }, "venue", "state");

        counter("fundingarb_orders_routed", "Order and cancel commands the router handed to a gateway", cb -> cb.call(router.routed()));
        counter("fundingarb_orders_rejected", "Orders the router rejected for want of a started gateway", cb -> cb.call(router.rejected()));
        counter("fundingarb_gateway_orders_sent", "Orders each venue's gateway sent", gatewayCallback(OrderGateway::ordersSent), "venue");
        counter("fundingarb_gateway_local_rejects", "Orders each venue's gateway rejected before sending (rounding, limits)",
            gatewayCallback(OrderGateway::localRejects), "venue");
        counter("fundingarb_gateway_rate_limited", "Rate-limit answers from each venue", gatewayCallback(OrderGateway::rateLimitedResponses), "venue");
        if (sources.paperFills() != null)
        {
            counter("fundingarb_paper_fills", "Fills the paper gateway made against the live books", cb -> cb.call(sources.paperFills().getAsLong()));
        }

        counter("fundingarb_pairs_opened", "Hedged pairs opened (both legs filled)", cb -> risk(cb, readings.risk.pairsOpened));
        counter("fundingarb_pairs_closed", "Hedged pairs closed", cb -> risk(cb, readings.risk.pairsClosed));
        counter("fundingarb_pairs_failed", "Entries that failed (a leg not filled in time, unwound)", cb -> risk(cb, readings.risk.pairsFailed));
        counter("fundingarb_invariant_breaches", "Breaches of the exposure invariant (net base position not flat in time)",
            cb -> risk(cb, readings.risk.invariantBreaches));
        gauge("fundingarb_open_pairs", "Pairs opening, open or closing", cb -> risk(cb, readings.risk.count));
        gauge("fundingarb_realised_pnl", "Realised PnL of the finished pairs per quote asset", cb ->
        {
            if (readings.haveRisk)
            {
                perQuote(cb, readings.risk.realisedByQuote);
            }
        }, "quote");
        gauge("fundingarb_marked_pnl", "PnL of the open pairs per quote asset (funding and fees so far, legs marked at the touch)", cb ->
        {
            if (readings.haveRisk)
            {
                perQuote(cb, readings.markedByQuote(byQuote));
            }
        }, "quote");
        gauge("fundingarb_open_funding", "Funding received (negative: paid) by the open pairs so far, per quote asset", cb ->
        {
            if (readings.haveRisk)
            {
                perQuote(cb, readings.openFundingByQuote(byQuote));
            }
        }, "quote");
        gauge("fundingarb_fees_paid", "Trading fees paid per asset charged, in that asset", cb ->
        {
            for (final Asset asset : OpsReadings.assets())
            {
                if (readings.haveRisk)
                {
                    cb.call(FixedPoint.toDouble(readings.risk.feesByAsset[asset.value()]), asset.name());
                }
            }
        }, "asset");
        gauge("fundingarb_breaker_state", "1 for the circuit breaker's current state (ACTIVE, PAUSED, REDUCING, HALTED)", cb ->
        {
            for (final TradingState state : TradingState.values())
            {
                if (readings.haveRisk)
                {
                    cb.call(readings.risk.tradingState == state.ordinal() ? 1 : 0, state.name());
                }
            }
        }, "state");
        SummaryWithCallback.builder().name("fundingarb_tick_to_decision_seconds")
            .help("From a market-data event's commit to the ring to the end of ExecutionStage's work on it, since start (HdrHistogram)")
            .callback(cb ->
            {
                final Quantile[] q = new Quantile[QUANTILES.length];
                for (int i = 0; i < q.length; i++)
                {
                    q[i] = new Quantile(QUANTILES[i], readings.latency.getValueAtPercentile(QUANTILES[i] * 100) / 1e9);
                }
                final long count = readings.latency.getTotalCount();
                cb.call(count, readings.latency.getMean() * count / 1e9, Quantiles.of(q));
            })
            .register(registry);
    }

    /** Takes a reading and writes every metric in the text exposition format. */
    void scrape(final OutputStream out) throws IOException
    {
        readings.refresh();
        writer.write(out, registry.scrape());
    }

    String contentType()
    {
        return writer.getContentType();
    }

    private void risk(final CounterWithCallback.Callback cb, final long value)
    {
        if (readings.haveRisk)
        {
            cb.call(value);
        }
    }

    private void risk(final GaugeWithCallback.Callback cb, final long value)
    {
        if (readings.haveRisk)
        {
            cb.call(value);
        }
    }

    private static void perQuote(final GaugeWithCallback.Callback cb, final long[] byQuote)
    {
        for (final Quote quote : OpsReadings.quotes())
        {
            cb.call(FixedPoint.toDouble(byQuote[quote.value()]), quote.name());
        }
    }

    private Consumer<CounterWithCallback.Callback> gatewayCallback(final ToLongFunction<OrderGateway> value)
    {
        return cb ->
        {
            for (final Map.Entry<String, OrderGateway> gateway : readings.sources.gateways().get().entrySet())
            {
                cb.call(value.applyAsLong(gateway.getValue()), gateway.getKey());
            }
        };
    }

    private void feedCounter(final String name, final String help, final ToLongFunction<MarketDataFeed> value)
    {
        counter(name, help, cb ->
        {
            for (final MarketDataFeed feed : readings.sources.feeds())
            {
                cb.call(value.applyAsLong(feed), OpsReadings.venue(feed.venue().value()));
            }
        }, "venue");
    }

    private void counter(final String name, final String help, final Consumer<CounterWithCallback.Callback> callback, final String... labels)
    {
        CounterWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
    }

    private void gauge(final String name, final String help, final Consumer<GaugeWithCallback.Callback> callback, final String... labels)
    {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
    }
}
