package io.fundingarb.connectors.bybit;

import static io.fundingarb.connectors.gateway.VenueFields.fixed;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.RecentIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit funding settlements, from the stream and from the account's transaction log, each published
 * once.
 *
 * <p>The stream announces a settlement as an {@code execution} with {@code execType} "Funding"; a
 * settlement that happened while the private stream was down is recovered from the signed
 * {@code GET /v5/account/transaction-log?accountType=UNIFIED&category=linear&type=SETTLEMENT}
 * (Bybit v5 docs, "Account / Get Transaction Log": {@code list[]} of {@code id}, {@code symbol},
 * {@code side}, {@code transactionTime} (ms), {@code type}, {@code size}, {@code currency},
 * {@code funding} ("positive value means receiving funding fee", the opposite sign of the
 * execution's {@code execFee}), {@code cashFlow}, {@code change}, {@code feeRate}; {@code limit}
 * [1, 50]; {@code nextPageCursor} for the next page of the same query; startTime and endTime at
 * most 7 days apart). For type SETTLEMENT {@code feeRate} is the funding rate signed by side ("For
 * side=Sell, feeRate = - market fee rate", "Get Pre-upgrade Transaction Log"), so the market rate is
 * {@code -feeRate} for a short.
 *
 * <p>The shared key: the stream's Funding execution and the log's SETTLEMENT record carry no
 * documented common id ({@code execId} vs {@code id}/{@code tradeId}), so a settlement is known by
 * its instrument and its settlement time rounded to the minute ({@code execTime} and
 * {@code transactionTime} are the settlement time; one position per symbol in one-way mode, and
 * settlements are at least an hour apart). Whichever source comes first publishes it.
 *
 * <p>One thread (the gateway's I/O loop). Not on the hot path: funding settles a few times a day.
 */
final class BybitFundingLog
{
    static final String PATH = "/v5/account/transaction-log";
    /** The venue's largest page. */
    static final int PAGE = 50;
    /** "If both are passed, the rule is endTime - startTime &lt;= 7 days". */
    static final long WINDOW_MS = TimeUnit.DAYS.toMillis(7);
    /** The query's answer: a page was read and another follows ({@link #query} asks for it). */
    static final int MORE = 1;
    /** The query's answer: every page of every window up to now was read. */
    static final int DONE = 0;
    /** The query's answer: not a transaction log (retCode ≠ 0, unreadable). */
    static final int FAILED = -1;

    private static final Logger LOG = LoggerFactory.getLogger(BybitFundingLog.class);
    private static final long MINUTE_MS = 60_000L;
    private static final int REMEMBERED = 1 << 14;

    private final VenueSymbols symbols;
    private final GatewayPublisher publisher;
    private final RecentIds seen = new RecentIds(REMEMBERED);
    private long fromMs;
    private long windowEndMs;
    private long newestMs;
    private String cursor = "";
    private volatile long published; // one writer (the I/O loop), read by any thread
    private volatile long duplicates;
    private volatile long skipped;

    /** @param fromMs the first settlement time of interest (the session's start). */
    BybitFundingLog(final VenueSymbols symbols, final GatewayPublisher publisher, final long fromMs)
    {
        this.symbols = symbols;
        this.publisher = publisher;
        this.fromMs = fromMs;
        this.newestMs = fromMs;
    }

    /**
     * The query string of the next page. A new window starts at the newest settlement seen (or the
     * session's start) and ends now, or 7 days later; its pages keep the same window with the cursor.
     */
    String query(final long nowMs)
    {
        if (cursor.isEmpty())
        {
            windowEndMs = Math.max(fromMs, Math.min(nowMs, fromMs + WINDOW_MS));
        }
        return "accountType=UNIFIED&category=linear&type=SETTLEMENT&startTime=" + fromMs + "&endTime=" + windowEndMs + "&limit=" + PAGE
            + (cursor.isEmpty() ? "" : "&cursor=" + cursor);
    }

    /**
     * A Funding execution of the stream.
     *
     * @return true when it is to be published (not yet seen from the log or the stream).
     */
    boolean onStreamFunding(final int instrumentId, final long settleMs)
    {
        if (instrumentId == 0 || settleMs <= 0)
        {
            return true; // not attributable either way; published as it comes
        }
        if (!seen.add(key(instrumentId, settleMs)))
        {
            duplicates++;
            return false;
        }
        return true;
    }

    /**
     * Publishes one {@code FundingPayment} per SETTLEMENT record with a funding amount not yet
     * published.
     *
     * @return {@link #MORE}, {@link #DONE} or {@link #FAILED}.
     */
    int onResponse(final String body, final long nowMs)
    {
        final List<Object> records;
        final String next;
        try
        {
            final Object json = JsonTree.parse(body);
            if (!"0".equals(JsonTree.text(json, "retCode")))
            {
                LOG.warn("bybit gateway: transaction log refused: retCode {} {}", JsonTree.text(json, "retCode"), JsonTree.text(json, "retMsg"));
                return FAILED;
            }
            final Object result = JsonTree.get(json, "result");
            records = JsonTree.list(JsonTree.get(result, "list"));
            next = JsonTree.text(result, "nextPageCursor");
        }
        catch (final RuntimeException ex)
        {
            skipped++;
            LOG.warn("bybit gateway: transaction log answer unreadable; skipped ({} bytes)", body == null ? 0 : body.length());
            return FAILED;
        }
        for (final Object record : records)
        {
            try
            {
                onRecord(record);
            }
            catch (final RuntimeException ex)
            {
                skipped++;
                LOG.warn("bybit gateway: settlement record with a malformed number skipped");
            }
        }
        if (next != null && !next.isEmpty() && !records.isEmpty())
        {
            cursor = next;
            return MORE;
        }
        cursor = "";
        if (windowEndMs < nowMs && windowEndMs == fromMs + WINDOW_MS)
        {
            fromMs = windowEndMs; // a clipped window: the next one at once
            newestMs = Math.max(newestMs, fromMs);
            return MORE;
        }
        fromMs = Math.max(fromMs, newestMs); // inclusive: repeats are dropped by key
        return DONE;
    }

    private void onRecord(final Object record)
    {
        if (!"SETTLEMENT".equals(JsonTree.text(record, "type")))
        {
            return;
        }
        final long amount = fixed(JsonTree.text(record, "funding"));
        if (amount == FixedPoint.NULL || amount == 0)
        {
            return; // a USDC session settlement without funding: cashFlow only
        }
        final String symbol = JsonTree.text(record, "symbol");
        final String timeText = JsonTree.text(record, "transactionTime");
        final long timeMs = parseMs(timeText);
        final int instrumentId = symbols.instrumentId(symbol);
        if (timeMs <= 0)
        {
            skipped++;
            LOG.warn("bybit gateway: settlement record of {} without a usable transactionTime skipped", symbol);
            return;
        }
        newestMs = Math.max(newestMs, timeMs);
        if (instrumentId == 0)
        {
            skipped++;
            return; // a position the engine does not trade
        }
        if (!seen.add(key(instrumentId, timeMs)))
        {
            duplicates++;
            return;
        }
        final boolean shortPosition = "Sell".equals(JsonTree.text(record, "side"));
        final long feeRate = fixed(JsonTree.text(record, "feeRate"));
        final long size = fixed(JsonTree.text(record, "size"));
        final long qty = size == FixedPoint.NULL ? FixedPoint.NULL : shortPosition ? -Math.abs(size) : Math.abs(size);
        publisher.funding(instrumentId, TimeUnit.MILLISECONDS.toNanos(timeMs), amount,
            feeRate == FixedPoint.NULL ? FixedPoint.NULL : shortPosition ? -feeRate : feeRate, qty);
        published++;
    }

    /** The settlement's key: instrument id and the settlement time rounded to the minute. */
    static long key(final int instrumentId, final long settleMs)
    {
        return ((long) instrumentId << 32) | ((settleMs + MINUTE_MS / 2) / MINUTE_MS);
    }

    private static long parseMs(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return 0;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
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
