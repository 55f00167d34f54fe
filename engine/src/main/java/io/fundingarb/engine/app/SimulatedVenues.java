package io.fundingarb.engine.app;

import io.fundingarb.connectors.binance.BinanceSimulator;
import io.fundingarb.connectors.bybit.BybitSimulator;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Binance and Bybit simulators on 127.0.0.1 (ephemeral ports) with a small scenario built
 * from the configured tokens: one USDT perpetual per token on each venue (except the tokens
 * left off Bybit, to show the availability report), constant funding rates that differ per token
 * and venue so that some pairs rank and some do not, and one Bybit symbol on a 4 h interval.
 */
public final class SimulatedVenues implements AutoCloseable
{
    private static final long SEED = 20_260_301L;

    /** Mid price, tick and lot per known token; others get 10 / 0.001 / 0.1. */
    private static final Map<String, String[]> MARKETS = Map.of(
        "BTC", new String[] {"65000", "0.10", "0.001"},
        "ETH", new String[] {"3200", "0.01", "0.01"},
        "SOL", new String[] {"150", "0.01", "0.1"},
        "DOGE", new String[] {"0.15", "0.00001", "1"},
        "XRP", new String[] {"0.6", "0.0001", "0.1"},
        "LINK", new String[] {"15", "0.001", "0.01"},
        "AVAX", new String[] {"30", "0.001", "0.1"},
        "SUI", new String[] {"1.5", "0.0001", "1"},
        "WIF", new String[] {"2", "0.0001", "1"},
        "TIA", new String[] {"6", "0.001", "0.1"});

    private final BinanceSimulator binance;
    private final BybitSimulator bybit;

    /**
     * @param tokens       tokens to list (upper case).
     * @param notOnBybit   tokens Binance lists and Bybit does not.
     * @param config       cadences and clock of both simulators.
     */
    public SimulatedVenues(final List<String> tokens, final Set<String> notOnBybit, final SimulatorConfig config)
    {
        if (tokens.isEmpty())
        {
            throw new IllegalArgumentException("the simulated venues need at least one token (config key tokens)");
        }
        final List<SimInstrument> binanceInstruments = new ArrayList<>();
        final List<SimInstrument> bybitInstruments = new ArrayList<>();
        final Map<String, FundingPath> binanceFunding = new LinkedHashMap<>();
        final Map<String, FundingPath> bybitFunding = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++)
        {
            final String token = tokens.get(i).toUpperCase(Locale.ROOT);
            final String[] market = MARKETS.getOrDefault(token, new String[] {"10", "0.001", "0.1"});
            final String symbol = token + "USDT";
            final SimInstrument instrument = SimInstrument.of(symbol, token, "USDT", market[1], market[2], "5", market[0]);
            binanceInstruments.add(instrument);
            binanceFunding.put(symbol, FundingPath.constant(rate(0.0001 + 0.0004 * (i % 4)), 8));
            if (!notOnBybit.contains(token))
            {
                bybitInstruments.add(instrument);
                bybitFunding.put(symbol, FundingPath.constant(rate(0.0001 - 0.0004 * ((i + 1) % 3)), i % 3 == 2 ? 4 : 8));
            }
        }
        if (bybitInstruments.isEmpty())
        {
            throw new IllegalArgumentException("the simulated Bybit needs at least one token it lists");
        }
        binance = new BinanceSimulator(new SimScenario(binanceInstruments, binanceFunding, SEED, 0.0005), config);
        bybit = new BybitSimulator(new SimScenario(bybitInstruments, bybitFunding, SEED, 0.0005), config);
    }

    private static String rate(final double value)
    {
        return BigDecimal.valueOf(value).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Starts both servers; returns this. */
    public SimulatedVenues start()
    {
        binance.start();
        try
        {
            bybit.start();
        }
        catch (final RuntimeException ex)
        {
            binance.close();
            throw ex;
        }
        return this;
    }

    /** Endpoints for {@link VenueConnectors}: the same code path as real venues, only the URLs differ. */
    public Map<String, VenueConnectors.Endpoint> endpoints()
    {
        final Map<String, VenueConnectors.Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("binance", new VenueConnectors.Endpoint(binance.wsBaseUrl(), binance.httpBaseUrl()));
        endpoints.put("bybit", new VenueConnectors.Endpoint(bybit.wsBaseUrl(), bybit.httpBaseUrl()));
        return endpoints;
    }

    public BinanceSimulator binance()
    {
        return binance;
    }

    public BybitSimulator bybit()
    {
        return bybit;
    }

    @Override
    public void close()
    {
        bybit.close();
        binance.close();
    }
}
