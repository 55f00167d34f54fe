package io.fundingarb.engine.ops;

import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.engine.FundingArbAgent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the ops server reads, each from the thread that asks (the server's own): the agent's views
 * ({@code MarketView}, {@code RiskView}, seqlock copies) and pipeline counters, the venues' feeds,
 * their order gateways as built so far, and the paper gateway's fills. Nothing here runs on a
 * stage thread or touches a stage's state.
 *
 * @param agent      the running agent.
 * @param title      the session's name for the page ("fundingarb demo").
 * @param tokens     the configured tokens (a row each in the availability matrix).
 * @param feeds      each venue's market-data feed.
 * @param gateways   venue name to its order gateway, a copy safe from any thread (empty without gateways).
 * @param paperFills the paper gateway's fills, or null when orders do not go to it.
 */
public record OpsSources(FundingArbAgent agent, String title, List<String> tokens, List<MarketDataFeed> feeds,
    Supplier<Map<String, OrderGateway>> gateways, LongSupplier paperFills)
{
    public OpsSources
    {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(title, "title");
        tokens = List.copyOf(tokens);
        feeds = List.copyOf(feeds);
        Objects.requireNonNull(gateways, "gateways");
    }
}
