package io.fundingarb.connectors.binance;

import static io.fundingarb.connectors.gateway.VenueFields.fixed;
import static io.fundingarb.connectors.gateway.VenueFields.msToNs;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.RecentIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Funding payments of a Binance USD-M account, as the venue books them, from
 * {@code GET /fapi/v1/income?incomeType=FUNDING_FEE} (Binance docs, "USDS-Margined Futures /
 * Account / Get Income History (USER_DATA)": {@code symbol}, {@code incomeType}, {@code income},
 * {@code asset}, {@code info}, {@code time}, {@code tranId}, {@code tradeId}; startTime and endTime
 * inclusive; limit default 100, max 1000; "tranId is unique in the same incomeType for a user").
 *
 * <p>Why not the user-data stream: Binance documents ("USDS-Margined Futures / User Data Streams /
 * Event Balance and Position Update") that a FUNDING_FEE {@code ACCOUNT_UPDATE} of a
 * <em>crossed</em> position carries only the balance {@code B}, without any position {@code P},
 * so the stream cannot say which symbol was paid. The stream event only triggers a query here;
 * every payment is attributed from its income record, de-duplicated by {@code tranId}, whatever
 * the margin mode. The funding amounts the stream announced ({@code bc}) are kept as
 * {@link #pendingAmount()} until the income records that explain them arrive, so the gateway
 * knows whether to ask again.
 *
 * <p>The rate. An income record carries no funding rate, so each payment's rate is the one the
 * venue settled at that time, from {@code GET /fapi/v1/fundingRate} (Binance docs, "USDS-Margined
 * Futures / Market Data / Get Funding Rate History": {@code symbol}, {@code startTime} and
 * {@code endTime} inclusive, limit default 100, max 1000; each element {@code symbol},
 * {@code fundingRate}, {@code fundingTime}, {@code markPrice}). That is the rate the mark-price
 * stream showed as {@code r} until its next funding time {@code T} ("Mark Price Stream": "r"
 * funding rate, "T" next funding time), i.e. the rate of the settlement at {@code T}. The rule: a
 * record's rate is the history's {@code fundingRate} whose {@code fundingTime} is within
 * {@link #RATE_MATCH_MS} of the record's {@code time}, the closest; with none (the history did not
 * answer, or has no such settlement) the payment is published with a NULL rate, never a guess.
 * Records are held ({@link #unpricedSymbols()}) until the gateway has asked the history of their
 * symbols ({@link #onRates}), then published ({@link #publishHeld()}).
 *
 * <p>One thread (the gateway's I/O loop). Not on the hot path: funding settles a few times a day.
 */
final class BinanceFundingIncome
{
    static final String PATH = "/fapi/v1/income";
    /** The venue's largest page. */
    static final int PAGE = 1000;
    static final String RATES_PATH = "/fapi/v1/fundingRate";
    /** How far a settlement's fundingTime may be from its income record's time and still be its rate. */
    static final long RATE_MATCH_MS = 60_000L;
    private static final Logger LOG = LoggerFactory.getLogger(BinanceFundingIncome.class);
    private static final int REMEMBERED_TRAN_IDS = 1 << 16;
    private static final int REMEMBERED_RATES = 64;

    private final VenueSymbols symbols;
    private final GatewayPublisher publisher;
    private final RecentIds seen = new RecentIds(REMEMBERED_TRAN_IDS);
    private final Set<String> unknownSymbolsLogged = new HashSet<>();
    private long fromMs;
    private long pendingAmount;
    private volatile long published; // one writer (the I/O loop), read by any thread
    private volatile long duplicates;
    private volatile long skipped;
    private volatile long unrated;
    /** Payments read and not yet published, waiting for their rate. */
    private final List<Held> held = new ArrayList<>();
    /** Per symbol, the settled rates the history answered: fundingTime (ms) → rate (1e-9). */
    private final Map<String, TreeMap<Long, Long>> rates = new HashMap<>();

    private record Held(int instrumentId, String symbol, long timeNs, long amount)
    {
    }

    /**
     * @param fromMs the first settlement time of interest (the session's start): payments before it
     *               belong to an earlier session.
     */
    BinanceFundingIncome(final VenueSymbols symbols, final GatewayPublisher publisher, final long fromMs)
    {
        this.symbols = symbols;
        this.publisher = publisher;
        this.fromMs = fromMs;
    }

    /** The unsigned query of the next page: {@code incomeType=FUNDING_FEE&startTime=…&limit=1000&recvWindow=…&timestamp=…}. */
    AsciiBuilder query(final AsciiBuilder out, final long recvWindowMs, final long nowMs)
    {
        return out.reset().append("incomeType=FUNDING_FEE&startTime=").append(fromMs).append("&limit=").append(PAGE)
            .append("&recvWindow=").append(recvWindowMs).append("&timestamp=").append(nowMs);
    }

    /** A FUNDING_FEE balance change {@code bc} seen on the stream, to be explained by income records. */
    void onStreamFunding(final long balanceChange)
    {
        if (balanceChange != FixedPoint.NULL)
        {
            pendingAmount += balanceChange;
        }
    }

    /**
     * Publishes one {@code FundingPayment} per FUNDING_FEE record not seen before.
     *
     * @return the records in the body (a full page, {@link #PAGE}, means more may follow), or -1
     *         if the body is not an income list.
     */
    int onResponse(final String body)
    {
        final List<Object> records = listOf(body);
        if (records == null)
        {
            skipped++;
            LOG.warn("binance gateway: income history response is not a list of records; skipped ({} bytes)", body == null ? 0 : body.length());
            return -1;
        }
        for (final Object record : records)
        {
            onRecord(record);
        }
        return records.size();
    }

    private void onRecord(final Object record)
    {
        if (!"FUNDING_FEE".equals(JsonTree.text(record, "incomeType")))
        {
            return; // asked for FUNDING_FEE only; anything else is not funding
        }
        final long tranId = parseTranId(JsonTree.text(record, "tranId"));
        final long amount = fixed(JsonTree.text(record, "income"));
        final String timeText = JsonTree.text(record, "time");
        final long timeNs = timeText == null ? 0 : msToNs(timeText);
        if (tranId == Long.MIN_VALUE || amount == FixedPoint.NULL || timeNs <= 0)
        {
            skipped++;
            LOG.warn("binance gateway: income record without a usable tranId, income or time skipped");
            return;
        }
        final long timeMs = timeNs / 1_000_000L;
        if (timeMs > fromMs)
        {
            fromMs = timeMs; // inclusive: the next page starts at the newest time seen, repeats are dropped by tranId
        }
        if (!seen.add(tranId))
        {
            duplicates++;
            return;
        }
        pendingAmount -= amount;
        final String symbol = JsonTree.text(record, "symbol");
        final int instrumentId = symbols.instrumentId(symbol);
        final String asset = JsonTree.text(record, "asset");
        if (instrumentId == 0 || asset == null || symbol == null || !symbol.endsWith(asset))
        {
            // a position the engine does not trade (or funding in an asset other than the contract's quote)
            skipped++;
            if (unknownSymbolsLogged.add(symbol + "/" + asset))
            {
                LOG.warn("binance gateway: funding {} {} on {} is not on an instrument this engine trades; not attributed", 
                    JsonTree.text(record, "income"), asset, symbol);
            }
            return;
        }
        held.add(new Held(instrumentId, symbol, timeNs, amount));
    }

    /** Symbols of held payments whose settlement rate is not known yet (each once). */
    List<String> unpricedSymbols()
    {
        final Set<String> out = new LinkedHashSet<>();
        for (final Held h : held)
        {
            if (rateAt(h.symbol(), h.timeNs() / 1_000_000L) == FixedPoint.NULL)
            {
                out.add(h.symbol());
            }
        }
        return new ArrayList<>(out);
    }

    /** The unsigned query of {@code symbol}'s settlements around its held payments: {@code symbol=…&startTime=…&endTime=…&limit=1000}. */
    String ratesQuery(final String symbol)
    {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (final Held h : held)
        {
            if (h.symbol().equals(symbol))
            {
                from = Math.min(from, h.timeNs() / 1_000_000L - RATE_MATCH_MS);
                to = Math.max(to, h.timeNs() / 1_000_000L + RATE_MATCH_MS);
            }
        }
        return "symbol=" + symbol + "&startTime=" + from + "&endTime=" + to + "&limit=" + PAGE;
    }

    /** A funding rate history answer: remembers each settlement's rate; anything else is skipped (the payments keep a NULL rate). */
    void onRates(final String body)
    {
        final List<Object> settlements = listOf(body);
        if (settlements == null)
        {
            LOG.warn("binance gateway: funding rate history response is not a list; payments keep no rate ({} bytes)", body == null ? 0 : body.length());
            return;
        }
        for (final Object element : settlements)
        {
            final String symbol = JsonTree.text(element, "symbol");
            final String time = JsonTree.text(element, "fundingTime");
            final long rate = fixed(JsonTree.text(element, "fundingRate"));
            if (symbol == null || time == null || rate == FixedPoint.NULL)
            {
                continue;
            }
            try
            {
                rates.computeIfAbsent(symbol, k -> new TreeMap<>()).put(Long.parseLong(time), rate);
            }
            catch (final NumberFormatException ex)
            {
                // not a settlement time: skipped
            }
        }
    }

    /** A JSON array body as a list, or null (not JSON, or not an array: a venue error). */
    private static List<Object> listOf(final String body)
    {
        try
        {
            final Object json = JsonTree.parse(body);
            return json instanceof List ? JsonTree.list(json) : null;
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /** The settled rate of {@code symbol} closest to {@code timeMs} within {@link #RATE_MATCH_MS}, or NULL. */
    long rateAt(final String symbol, final long timeMs)
    {
        final TreeMap<Long, Long> known = rates.get(symbol);
        if (known == null)
        {
            return FixedPoint.NULL;
        }
        final Map.Entry<Long, Long> below = known.floorEntry(timeMs);
        final Map.Entry<Long, Long> above = known.ceilingEntry(timeMs);
        final Map.Entry<Long, Long> closest = below == null ? above : above == null ? below
            : timeMs - below.getKey() <= above.getKey() - timeMs ? below : above;
        return closest == null || Math.abs(closest.getKey() - timeMs) > RATE_MATCH_MS ? FixedPoint.NULL : closest.getValue();
    }

    /** Publishes every held payment with its settlement's rate where known, else a NULL rate (counted). */
    void publishHeld()
    {
        for (final Held h : held)
        {
            final long rate = rateAt(h.symbol(), h.timeNs() / 1_000_000L);
            if (rate == FixedPoint.NULL)
            {
                unrated++;
            }
            publisher.funding(h.instrumentId(), h.timeNs(), h.amount(), rate, FixedPoint.NULL);
            published++;
        }
        held.clear();
        for (final TreeMap<Long, Long> known : rates.values())
        {
            while (known.size() > REMEMBERED_RATES)
            {
                known.pollFirstEntry(); // the oldest settlements: their payments are long published
            }
        }
    }

    /** Payments published without a rate (the venue's history had none for them). */
    long unrated()
    {
        return unrated;
    }

    /** {@code tranId} is a JSON number on USD-M and a string on other Binance APIs: both read. */
    static long parseTranId(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return Long.MIN_VALUE;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }

    /** Stream funding not yet matched by income records (0 when every announced payment is attributed). */
    long pendingAmount()
    {
        return pendingAmount;
    }

    /** Forgets what the stream announced (after the retries ran out: it is logged, not carried forever). */
    long clearPending()
    {
        final long pending = pendingAmount;
        pendingAmount = 0;
        return pending;
    }

    long published()
    {
        return published;
    }

    long duplicates()
    {
        return duplicates;
    }

    long skipped()
    {
        return skipped;
    }

    long fromMs()
    {
        return fromMs;
    }
}
