package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.config.StrategyConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.config.VenuesConfig;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.Opportunities;
import java.util.Arrays;
import org.agrona.collections.Int2IntHashMap;

/**
 * MarketStage, the arbitrage core: from instrument, funding, book and volume events to a global
 * ranking of hedged opportunities (long the venue where funding is cheap, short the one where it
 * is rich), net of every cost.
 *
 * <ul>
 *   <li><b>Availability</b>: a token's legs are its instruments, one per venue (the configured
 *       quote preference picks among a venue's USDT/USDC/USD listings). A token on fewer than two
 *       venues has no pair and is never scanned. Bundled listings (Binance 1000PEPEUSDT, Hyperliquid
 *       kPEPE) are the token PEPE with a contract value of 1,000 base units; two legs pair only
 *       when their contract values are equal, so that both legs' quantities and prices are in the
 *       same base units.</li>
 *   <li><b>Normalisation</b>: each leg's rate per interval becomes a rate per second, with the
 *       interval the venue reports now (FundingUpdate), else the definition's, else the venue's
 *       configured fallback.</li>
 *   <li><b>Leg terms</b>, recomputed only when that leg changes: expected funding over the horizon
 *       from the leg's actual next settlements ({@link FundingExpectation}: the current rate for the
 *       next settlement, decayed by {@code funding_decay_per_settlement} per 8 hours for each later one), taker
 *       fees for open and close, slippage of walking the book to the target notional (VWAP against
 *       mid, on entry and exit), mid price, volume filter.</li>
 *   <li><b>Net edge of (long a, short b)</b> = funding_b(short) + funding_a(long) − costs_a −
 *       costs_b + basis_capture × entry basis (mid_b − mid_a) / mid_a; kept when the daily funding
 *       spread, the net edge and both legs' volume pass the thresholds. The basis rule: a pair
 *       realises (entry basis − exit basis), and the exit basis is expected at (1 − basis_capture) ×
 *       today's basis, so the entry basis is an edge (or a cost, when negative) only as far as the
 *       exit is expected to realise it; at the default 0 it is neither and only fees and slippage
 *       count. RiskStage's exit decision applies the same rule to a held pair's current basis.</li>
 *   <li><b>Ranking</b>: each token's best pair, highest net edge first (ties: lower token id),
 *       kept incrementally: an event re-evaluates only its own token (O(legs²)) and moves that
 *       token in the ranking by the distance it moved. Cost per tick does not grow with the
 *       number of tokens. When the top N (plus one candidate per pair RiskStage may hold) changes,
 *       it is copied into the slot for RiskStage.</li>
 *   <li>Time passing changes which settlements fall in the horizon: each token knows until when
 *       its legs' terms hold, and a Timer event re-evaluates the tokens whose terms expired.</li>
 * </ul>
 * Every computation is deterministic (fixed-point inputs, IEEE doubles in a fixed order), so
 * replay reproduces the ranking exactly.
 */
public final class MarketStage implements Stage
{
    private static final int MISSING = -1;
    /** SBE Venue raw values are 1..5; slots leave room for more venues. */
    private static final int VENUE_SLOTS = 16;
    private static final int MAX_QUOTES = 8;
    private static final long NS_PER_S = 1_000_000_000L;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final BookUpdateDecoder book = new BookUpdateDecoder();
    private final TickerUpdateDecoder ticker = new TickerUpdateDecoder();
    private final TimerDecoder timer = new TimerDecoder();
    private final VenueStatusDecoder venueStatus = new VenueStatusDecoder();

    // ---- configuration
    private final double targetNotional;
    private final long horizonNs;
    private final double minDailySpread;
    private final double minNetEdgeBps;
    private final double minDailyVolume;
    private final boolean requireVolumeData;
    private final boolean allowCrossQuote;
    private final double basisCapture;
    private final FundingExpectation expectation;
    private final int[] quoteRank = new int[MAX_QUOTES];
    private final double[] takerFeeByVenue = new double[VENUE_SLOTS];
    /** A venue's market data is LIVE (or has reported nothing yet): its books may be priced. */
    private final boolean[] marketDataLive = new boolean[VENUE_SLOTS];
    private final int[] fallbackIntervalSByVenue = new int[VENUE_SLOTS];
    /**
     * Candidates published to RiskStage: {@code top_n} plus one per pair RiskStage may hold, so that
     * tokens already in a pair (which RiskStage passes over) cannot take every slot and stall entries
     * while a lower-ranked free token would pass. The status view shows the first {@code top_n}.
     */
    private final int candidates;

    // ---- instruments (index = order of first definition)
    private final int maxInstruments;
    private final Int2IntHashMap indexByInstrument;
    private final int[] instrumentIds;
    private final int[] tokenOf;
    private final byte[] venueOf;
    /** The book has not been updated since its venue's market data was last lost: not priced. */
    private final boolean[] awaitingBook;
    private final byte[] quoteOf;
    private final long[] tickSize;
    private final long[] lotSize;
    private final double[] contractValue;
    private final int[] definedIntervalS;
    private final long[] fundingRate;
    private final int[] reportedIntervalS;
    private final long[] nextFundingTsNs;
    private final long[] markPrice;
    private final long[] quoteVolume;
    private final long[] lastUpdateTsNs;
    private final OrderBook[] books;
    private final int bookDepth;
    private int instrumentCount;

    // ---- leg terms, derived from the above when a leg changes
    private final boolean[] priced;
    private final boolean[] volumeOk;
    private final double[] ratePerSecond;
    private final double[] fundingAsLong;
    private final double[] fundingAsShort;
    private final double[] legCost;
    private final double[] mid;
    private final double[] buyVwap;
    private final double[] sellVwap;
    private final long[] legValidUntilNs;
    /** The event time the leg's terms were computed at (which settlements fall in the horizon depends on it). */
    private final long[] legTermsTsNs;

    // ---- tokens
    private final int maxTokens;
    private final Int2IntHashMap indexByToken;
    private final int[] tokenIds;
    private final String[] tokenNames;
    private final int[] venueMask;
    private final int[] legs;
    private final int[] legCount;
    private final int[] bestLong;
    private final int[] bestShort;
    private final double[] bestNet;
    private final double[] bestSpread;
    private final double[] bestFunding;
    private final double[] bestCost;
    private final double[] bestBasis;
    private final long[] tokenValidUntilNs;
    private int tokenCount;

    // ---- ranking: token indexes by best net edge, descending
    private final int[] ranked;
    private final int[] rankOf;
    private int rankedCount;
    private boolean topDirty;
    private final Opportunities top;
    private final Opportunities previousTop;
    private final MarketView view;

    // ---- counters
    private long events;
    private long unknownInstrument;
    private long capacityExceeded;
    private long bookWithoutSnapshot;
    private long marketDataOutages;
    private long crossedBooks;
    private long rankingChanges;
    private long nowNs;
    /** Instrument index the current event touched (valid when an on* handler returned a token). */
    private int lastIndex;

    public MarketStage(
        final int maxInstruments, final StrategyConfig strategy, final VenuesConfig venues, final MarketView view)
    {
        this(maxInstruments, strategy, venues, view, 0);
    }

    /**
     * @param heldPairs how many pairs RiskStage may hold at once ({@code risk.max_open_pairs}): the
     *                  ranking published to it goes that much deeper than {@code top_n} (at most
     *                  {@link InboundSlot#MAX_OPPORTUNITIES})
     */
    public MarketStage(
        final int maxInstruments, final StrategyConfig strategy, final VenuesConfig venues, final MarketView view, final int heldPairs)
    {
        this.targetNotional = strategy.targetNotionalUsd();
        this.horizonNs = strategy.horizon().toNanos();
        this.minDailySpread = strategy.minFundingRateProfitability();
        this.minNetEdgeBps = strategy.minNetEdgeBps();
        this.minDailyVolume = strategy.minDailyVolumeUsd();
        this.requireVolumeData = strategy.requireVolumeData();
        this.allowCrossQuote = strategy.allowCrossQuote();
        this.basisCapture = strategy.basisCapture();
        this.expectation = new FundingExpectation(strategy.fundingDecayPerSettlement(), horizonNs);
        Arrays.fill(quoteRank, Integer.MAX_VALUE);
        for (int i = 0; i < strategy.quotePreference().size(); i++)
        {
            quoteRank[quoteRaw(strategy.quotePreference().get(i))] = i;
        }
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            final VenueConfig venue = venues.byVenueId(v);
            takerFeeByVenue[v] = venue == null ? 0.0005 : venue.takerFee();
            fallbackIntervalSByVenue[v] = venue == null ? 8 * 3600 : (int)venue.fundingInterval().toSeconds();
        }
        this.candidates = Math.min(strategy.topN() + heldPairs, InboundSlot.MAX_OPPORTUNITIES);
        this.bookDepth = strategy.bookDepth();

        this.maxInstruments = maxInstruments;
        indexByInstrument = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        instrumentIds = new int[maxInstruments];
        tokenOf = new int[maxInstruments];
        venueOf = new byte[maxInstruments];
        awaitingBook = new boolean[maxInstruments];
        Arrays.fill(marketDataLive, true);
        quoteOf = new byte[maxInstruments];
        tickSize = new long[maxInstruments];
        lotSize = new long[maxInstruments];
        contractValue = new double[maxInstruments];
        definedIntervalS = new int[maxInstruments];
        fundingRate = new long[maxInstruments];
        reportedIntervalS = new int[maxInstruments];
        nextFundingTsNs = new long[maxInstruments];
        markPrice = new long[maxInstruments];
        quoteVolume = new long[maxInstruments];
        lastUpdateTsNs = new long[maxInstruments];
        books = new OrderBook[maxInstruments];
        priced = new boolean[maxInstruments];
        volumeOk = new boolean[maxInstruments];
        ratePerSecond = new double[maxInstruments];
        fundingAsLong = new double[maxInstruments];
        fundingAsShort = new double[maxInstruments];
        legCost = new double[maxInstruments];
        mid = new double[maxInstruments];
        buyVwap = new double[maxInstruments];
        sellVwap = new double[maxInstruments];
        legValidUntilNs = new long[maxInstruments];
        legTermsTsNs = new long[maxInstruments];

        this.maxTokens = maxInstruments;
        indexByToken = new Int2IntHashMap(maxTokens * 2, 0.65f, MISSING);
        tokenIds = new int[maxTokens];
        tokenNames = new String[maxTokens];
        venueMask = new int[maxTokens];
        legs = new int[maxTokens * VENUE_SLOTS];
        legCount = new int[maxTokens];
        bestLong = new int[maxTokens];
        bestShort = new int[maxTokens];
        bestNet = new double[maxTokens];
        bestSpread = new double[maxTokens];
        bestFunding = new double[maxTokens];
        bestCost = new double[maxTokens];
        bestBasis = new double[maxTokens];
        tokenValidUntilNs = new long[maxTokens];
        ranked = new int[maxTokens];
        rankOf = new int[maxTokens];
        top = new Opportunities(candidates);
        previousTop = new Opportunities(candidates);
        this.view = view;
    }

    private static int quoteRaw(final String quote)
    {
        switch (quote)
        {
            case "USDT": return 1;
            case "USDC": return 2;
            default: return 3;
        }
    }

    @Override
    public String name()
    {
        return "market";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        events++;
        nowNs = slot.tsInitNs;
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        int token = MISSING;
        switch (slot.templateId)
        {
            case FundingUpdateDecoder.TEMPLATE_ID:
                funding.wrap(slot.buffer, offset, blockLength, version);
                token = onFunding();
                break;
            case BookUpdateDecoder.TEMPLATE_ID:
                book.wrap(slot.buffer, offset, blockLength, version);
                token = onBook();
                break;
            case TickerUpdateDecoder.TEMPLATE_ID:
                ticker.wrap(slot.buffer, offset, blockLength, version);
                token = onTicker();
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, blockLength, version);
                onTimer();
                if (timer.kind() == TimerKind.CHECKPOINT)
                {
                    slot.marketHash = stateHash();
                }
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrap(slot.buffer, offset, blockLength, version);
                token = onDefinition();
                break;
            case VenueStatusDecoder.TEMPLATE_ID:
                venueStatus.wrap(slot.buffer, offset, blockLength, version);
                onVenueStatus();
                break;
            default:
                break;
        }
        if (token != MISSING)
        {
            slot.rankedTokenId = tokenIds[token];
            evaluateToken(token);
            final int index = lastIndex;
            final OrderBook b = books[index];
            slot.touchInstrumentId = instrumentIds[index];
            final boolean usable = b.isValid() && !awaitingBook[index];
            slot.touchBid = usable && b.bidCount() > 0 ? b.bidPrice(0) : FixedPoint.NULL;
            slot.touchAsk = usable && b.askCount() > 0 ? b.askPrice(0) : FixedPoint.NULL;
            slot.touchMark = markPrice[index];
        }
        publishTopIfChanged(slot);
    }

    // ------------------------------------------------------------------ events

    private int onDefinition()
    {
        final int instrumentId = definition.instrumentId();
        int index = indexByInstrument.get(instrumentId);
        if (index == MISSING)
        {
            if (instrumentCount == maxInstruments)
            {
                capacityExceeded++;
                return MISSING;
            }
            index = instrumentCount++;
            indexByInstrument.put(instrumentId, index);
            instrumentIds[index] = instrumentId;
            books[index] = new OrderBook(bookDepth); // start-up: one book per instrument, never per event
            fundingRate[index] = FixedPoint.NULL;
            nextFundingTsNs[index] = FixedPoint.NULL;
            markPrice[index] = FixedPoint.NULL;
            quoteVolume[index] = FixedPoint.NULL;
            tokenOf[index] = MISSING;
        }
        final int venue = definition.venueRaw() & (VENUE_SLOTS - 1);
        final int quote = definition.quoteRaw() & (MAX_QUOTES - 1);
        venueOf[index] = (byte)venue;
        quoteOf[index] = (byte)quote;
        tickSize[index] = definition.tickSize();
        lotSize[index] = definition.lotSize();
        final long cv = definition.contractValue();
        contractValue[index] = cv == FixedPoint.NULL || cv <= 0 ? 1.0 : cv * 1e-9;
        definedIntervalS[index] = definition.fundingIntervalS();

        final int tokenId = definition.tokenId();
        int token = indexByToken.get(tokenId);
        if (token == MISSING)
        {
            if (tokenCount == maxTokens)
            {
                capacityExceeded++;
                return MISSING;
            }
            token = tokenCount++;
            indexByToken.put(tokenId, token);
            tokenIds[token] = tokenId;
            bestLong[token] = MISSING;
            bestShort[token] = MISSING;
            rankOf[token] = MISSING;
        }
        definition.skipSymbol();
        tokenNames[token] = definition.tokenName(); // start-up only: definitions are not market data
        tokenOf[index] = token;
        venueMask[token] |= 1 << venue;
        chooseLeg(token, index);
        updateLeg(index);
        writeAvailability();
        lastIndex = index;
        return token;
    }

    /** Makes {@code index} the token's leg on its venue unless a preferred quote already is. */
    private void chooseLeg(final int token, final int index)
    {
        final int base = token * VENUE_SLOTS;
        final int venue = venueOf[index];
        for (int i = 0; i < legCount[token]; i++)
        {
            final int current = legs[base + i];
            if (current == index)
            {
                return;
            }
            if (venueOf[current] == venue)
            {
                if (quoteRank[quoteOf[index]] < quoteRank[quoteOf[current]])
                {
                    legs[base + i] = index;
                }
                return;
            }
        }
        if (quoteRank[quoteOf[index]] != Integer.MAX_VALUE && legCount[token] < VENUE_SLOTS)
        {
            legs[base + legCount[token]++] = index;
        }
    }

    private int onFunding()
    {
        final int index = indexByInstrument.get(funding.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return MISSING;
        }
        fundingRate[index] = funding.fundingRate();
        reportedIntervalS[index] = funding.fundingIntervalS();
        nextFundingTsNs[index] = funding.nextFundingTsNs();
        final long mark = funding.markPrice();
        if (mark != FixedPoint.NULL)
        {
            markPrice[index] = mark;
        }
        lastUpdateTsNs[index] = nowNs;
        updateLeg(index);
        lastIndex = index;
        return tokenOf[index];
    }

    private int onBook()
    {
        final int index = indexByInstrument.get(book.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return MISSING;
        }
        final OrderBook b = books[index];
        if (book.action() == BookAction.SNAPSHOT)
        {
            b.clear();
        }
        else if (!b.isValid())
        {
            bookWithoutSnapshot++;
            skipLevels();
            return MISSING;
        }
        for (final BookUpdateDecoder.BidsDecoder level : book.bids())
        {
            b.bid(level.price(), level.size());
        }
        for (final BookUpdateDecoder.AsksDecoder level : book.asks())
        {
            b.ask(level.price(), level.size());
        }
        b.sequence(book.sequence());
        if (book.action() == BookAction.SNAPSHOT || marketDataLive[venueOf[index]])
        {
            awaitingBook[index] = false; // a snapshot is fresh whenever it comes; a diff only once the venue is LIVE
        }
        if (b.bidCount() > 0 && b.askCount() > 0 && !b.isTradable())
        {
            crossedBooks++;
        }
        lastUpdateTsNs[index] = nowNs;
        updateLeg(index);
        lastIndex = index;
        return tokenOf[index];
    }

    /**
     * A venue's market data going DOWN or STALE stops its books from being priced: their legs leave
     * the ranking and the touch the other stages see is empty, so neither an entry nor an exit is
     * priced off levels that stopped updating. A book is priced again from its next snapshot (the
     * feeds take one per book on every reconnect), or from its next diff once the venue is LIVE again.
     * RESYNCING concerns one book, which its feed rebuilds from a snapshot; CONNECTING follows a DOWN
     * or precedes any data. The order stream's status does not concern prices.
     */
    private void onVenueStatus()
    {
        final StreamKind stream = venueStatus.stream();
        if (stream == StreamKind.ORDERS)
        {
            return;
        }
        final int venue = venueStatus.venueRaw() & (VENUE_SLOTS - 1);
        final FeedState state = venueStatus.state();
        if (state == FeedState.LIVE)
        {
            marketDataLive[venue] = true;
            return;
        }
        if ((state != FeedState.DOWN && state != FeedState.STALE) || !marketDataLive[venue])
        {
            return;
        }
        marketDataLive[venue] = false;
        marketDataOutages++;
        for (int index = 0; index < instrumentCount; index++)
        {
            if (venueOf[index] == venue)
            {
                awaitingBook[index] = true;
                updateLeg(index);
                evaluateToken(tokenOf[index]);
            }
        }
    }

    private void skipLevels()
    {
        final BookUpdateDecoder.BidsDecoder bids = book.bids();
        while (bids.hasNext())
        {
            bids.next();
        }
        final BookUpdateDecoder.AsksDecoder asks = book.asks();
        while (asks.hasNext())
        {
            asks.next();
        }
    }

    private int onTicker()
    {
        final int index = indexByInstrument.get(ticker.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return MISSING;
        }
        quoteVolume[index] = ticker.quoteVolume24h();
        lastUpdateTsNs[index] = nowNs;
        updateLeg(index);
        lastIndex = index;
        return tokenOf[index];
    }

    private void onTimer()
    {
        for (int token = 0; token < tokenCount; token++)
        {
            if (tokenValidUntilNs[token] <= nowNs && legCount[token] >= 2)
            {
                final int base = token * VENUE_SLOTS;
                for (int i = 0; i < legCount[token]; i++)
                {
                    updateLeg(legs[base + i]);
                }
                evaluateToken(token);
            }
        }
    }

    // ------------------------------------------------------------------ leg terms

    /** The funding interval of a leg: as reported now, else as defined, else the venue's fallback. */
    private int intervalS(final int index)
    {
        final int reported = reportedIntervalS[index];
        if (reported > 0)
        {
            return reported;
        }
        final int defined = definedIntervalS[index];
        return defined > 0 ? defined : fallbackIntervalSByVenue[venueOf[index]];
    }

    private void updateLeg(final int index)
    {
        final long rateRaw = fundingRate[index];
        final OrderBook b = books[index];
        final long volume = quoteVolume[index];
        volumeOk[index] = volume == FixedPoint.NULL ? !requireVolumeData : volume * 1e-9 >= minDailyVolume;
        legTermsTsNs[index] = nowNs;
        if (rateRaw == FixedPoint.NULL)
        {
            priced[index] = false;
            ratePerSecond[index] = 0;
            legValidUntilNs[index] = Long.MAX_VALUE;
            return;
        }
        final double rate = rateRaw * 1e-9;
        final int interval = intervalS(index);
        ratePerSecond[index] = rate / interval;

        // settlements that fall in (now, now + horizon], the next at today's rate, later ones decayed
        final long intervalNs = interval * NS_PER_S;
        final long next = FundingExpectation.nextSettlement(nextFundingTsNs[index], nowNs, intervalNs);
        final long settlements = expectation.settlements(next, nowNs, intervalNs);
        final double expected = rate * expectation.weight(settlements, interval);
        fundingAsLong[index] = -expected;
        fundingAsShort[index] = expected;
        legValidUntilNs[index] = Math.min(next, next + settlements * intervalNs - horizonNs);

        if (!b.isTradable() || awaitingBook[index])
        {
            priced[index] = false;
            return;
        }
        final double bid = b.bidPrice(0) * 1e-9;
        final double ask = b.askPrice(0) * 1e-9;
        final double m = (bid + ask) * 0.5;
        final double buy = b.vwapForNotional(true, targetNotional);
        final double sell = b.vwapForNotional(false, targetNotional);
        if (Double.isNaN(buy) || Double.isNaN(sell))
        {
            priced[index] = false; // book too thin for the target notional
            return;
        }
        mid[index] = m;
        buyVwap[index] = buy;
        sellVwap[index] = sell;
        // taker fee on open and close, slippage on entry and exit (both sides of the book)
        legCost[index] = 2 * takerFeeByVenue[venueOf[index]] + (buy - m) / m + (m - sell) / m;
        priced[index] = true;
    }

    // ------------------------------------------------------------------ pairs and ranking

    /** Re-evaluates every ordered pair of one token's legs and moves the token in the ranking. */
    private void evaluateToken(final int token)
    {
        final int rankBefore = rankOf[token];
        evaluatePairs(token);
        final int rankAfter = rankOf[token];
        // only a token that is, or was, among the candidates can change what RiskStage and the view see
        if ((rankBefore != MISSING && rankBefore < candidates) || (rankAfter != MISSING && rankAfter < candidates))
        {
            topDirty = true;
        }
    }

    private void evaluatePairs(final int token)
    {
        final int n = legCount[token];
        final int base = token * VENUE_SLOTS;
        int bestA = MISSING;
        int bestB = MISSING;
        double best = Double.NEGATIVE_INFINITY;
        double spreadOfBest = 0;
        long validUntil = Long.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            final int a = legs[base + i];
            validUntil = Math.min(validUntil, legValidUntilNs[a]);
            if (!priced[a] || !volumeOk[a])
            {
                continue;
            }
            for (int j = 0; j < n; j++)
            {
                final int b = legs[base + j];
                if (i == j || !priced[b] || !volumeOk[b] || (!allowCrossQuote && quoteOf[a] != quoteOf[b])
                    || contractValue[a] != contractValue[b])
                {
                    continue;
                }
                final double spreadPerSecond = ratePerSecond[b] - ratePerSecond[a];
                if (spreadPerSecond * 86_400.0 < minDailySpread)
                {
                    continue;
                }
                final double net = netEdge(a, b);
                if (net * 1e4 >= minNetEdgeBps && net > best)
                {
                    best = net;
                    bestA = a;
                    bestB = b;
                    spreadOfBest = spreadPerSecond;
                }
            }
        }
        tokenValidUntilNs[token] = validUntil;
        bestLong[token] = bestA;
        bestShort[token] = bestB;
        if (bestA == MISSING)
        {
            bestNet[token] = 0;
            unrank(token);
            return;
        }
        bestNet[token] = best * 1e4;
        bestSpread[token] = spreadOfBest * 3600.0;
        bestFunding[token] = (fundingAsShort[bestB] + fundingAsLong[bestA]) * 1e4;
        bestCost[token] = (legCost[bestA] + legCost[bestB]) * 1e4;
        bestBasis[token] = (mid[bestB] - mid[bestA]) / mid[bestA] * 1e4;
        rerank(token);
    }

    /** Net edge of (long a, short b) as a fraction of notional; the basis rule (class comment): only the part of the entry basis the exit is expected to realise. */
    private double netEdge(final int a, final int b)
    {
        return fundingAsShort[b] + fundingAsLong[a] - legCost[a] - legCost[b] + basisCapture * ((mid[b] - mid[a]) / mid[a]);
    }

    private boolean ranksBefore(final int x, final int y)
    {
        return bestNet[x] > bestNet[y] || (bestNet[x] == bestNet[y] && tokenIds[x] < tokenIds[y]);
    }

    private void rerank(final int token)
    {
        int p = rankOf[token];
        if (p == MISSING)
        {
            p = rankedCount++;
            ranked[p] = token;
        }
        while (p > 0 && ranksBefore(token, ranked[p - 1]))
        {
            ranked[p] = ranked[p - 1];
            rankOf[ranked[p]] = p;
            p--;
        }
        while (p < rankedCount - 1 && ranksBefore(ranked[p + 1], token))
        {
            ranked[p] = ranked[p + 1];
            rankOf[ranked[p]] = p;
            p++;
        }
        ranked[p] = token;
        rankOf[token] = p;
    }

    private void unrank(final int token)
    {
        final int p = rankOf[token];
        if (p == MISSING)
        {
            return;
        }
        System.arraycopy(ranked, p + 1, ranked, p, rankedCount - p - 1);
        rankedCount--;
        for (int i = p; i < rankedCount; i++)
        {
            rankOf[ranked[i]] = i;
        }
        rankOf[token] = MISSING;
    }

    private void publishTopIfChanged(final InboundSlot slot)
    {
        if (!topDirty)
        {
            return;
        }
        topDirty = false;
        final int n = Math.min(candidates, rankedCount);
        for (int i = 0; i < n; i++)
        {
            final int token = ranked[i];
            final int a = bestLong[token];
            final int b = bestShort[token];
            top.tokenId[i] = tokenIds[token];
            top.longInstrumentId[i] = instrumentIds[a];
            top.shortInstrumentId[i] = instrumentIds[b];
            top.longVenue[i] = venueOf[a];
            top.shortVenue[i] = venueOf[b];
            top.netEdgeBps[i] = bestNet[token];
            top.spreadPerHour[i] = bestSpread[token];
            top.fundingBps[i] = bestFunding[token];
            top.costBps[i] = bestCost[token];
            top.basisBps[i] = bestBasis[token];
            top.longPrice[i] = (long)(buyVwap[a] * 1e9);
            top.shortPrice[i] = (long)(sellVwap[b] * 1e9);
            top.slippageBps[i] = ((buyVwap[a] - mid[a]) / mid[a] + (mid[b] - sellVwap[b]) / mid[b]) * 1e4;
            top.longAsk[i] = books[a].askPrice(0);
            top.shortBid[i] = books[b].bidPrice(0);
        }
        top.count = n;
        if (top.sameAs(previousTop))
        {
            return;
        }
        previousTop.copyFrom(top);
        rankingChanges++;
        slot.rankingChanged = true;
        slot.opportunities.copyFrom(top);
        if (view != null)
        {
            final MarketView.Snapshot out = view.beginWrite();
            out.top.copyFrom(top);
            out.lastEventTsNs = nowNs;
            view.endWrite();
        }
    }

    private void writeAvailability()
    {
        if (view == null)
        {
            return;
        }
        final MarketView.Snapshot out = view.beginWrite();
        System.arraycopy(tokenIds, 0, out.tokenIds, 0, tokenCount);
        System.arraycopy(tokenNames, 0, out.tokenNames, 0, tokenCount);
        System.arraycopy(venueMask, 0, out.venueMasks, 0, tokenCount);
        out.tokenCount = tokenCount;
        out.lastEventTsNs = nowNs;
        view.endWrite();
    }

    // ------------------------------------------------------------------ state

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, instrumentCount);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = StateHash.mix(h, instrumentIds[i]);
            h = StateHash.mix(h, tokenOf[i]);
            h = StateHash.mix(h, venueOf[i]);
            h = StateHash.mix(h, quoteOf[i]);
            h = StateHash.mix(h, tickSize[i]);
            h = StateHash.mix(h, lotSize[i]);
            h = StateHash.mix(h, definedIntervalS[i]);
            h = StateHash.mix(h, fundingRate[i]);
            h = StateHash.mix(h, reportedIntervalS[i]);
            h = StateHash.mix(h, nextFundingTsNs[i]);
            h = StateHash.mix(h, markPrice[i]);
            h = StateHash.mix(h, quoteVolume[i]);
            h = StateHash.mix(h, lastUpdateTsNs[i]);
            h = StateHash.mix(h, awaitingBook[i] ? 1 : 0);
            h = books[i].hash(h);
        }
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            h = StateHash.mix(h, marketDataLive[v] ? 1 : 0);
        }
        h = StateHash.mix(h, tokenCount);
        for (int t = 0; t < tokenCount; t++)
        {
            h = StateHash.mix(h, tokenIds[t]);
            h = StateHash.mix(h, venueMask[t]);
            h = StateHash.mix(h, bestLong[t]);
            h = StateHash.mix(h, bestShort[t]);
            h = StateHash.mix(h, bestNet[t]);
        }
        h = StateHash.mix(h, rankedCount);
        for (int r = 0; r < rankedCount; r++)
        {
            h = StateHash.mix(h, ranked[r]);
        }
        h = StateHash.mix(h, unknownInstrument);
        h = StateHash.mix(h, capacityExceeded);
        h = StateHash.mix(h, bookWithoutSnapshot);
        return StateHash.finish(h);
    }

    // ------------------------------------------------------------------ queries (same thread, tests, tools)

    public int instrumentCount()
    {
        return instrumentCount;
    }

    public int tokenCount()
    {
        return tokenCount;
    }

    public long events()
    {
        return events;
    }

    public long unknownInstrumentEvents()
    {
        return unknownInstrument;
    }

    /** Times a venue's market data left LIVE (its books then wait for an update before they are priced again). */
    public long marketDataOutages()
    {
        return marketDataOutages;
    }

    public long bookWithoutSnapshotEvents()
    {
        return bookWithoutSnapshot;
    }

    public long crossedBookEvents()
    {
        return crossedBooks;
    }

    public long rankingChanges()
    {
        return rankingChanges;
    }

    public long lastTsInitNs()
    {
        return nowNs;
    }

    /** Venues listing a token (bit v = SBE Venue raw value v), or 0 when unknown. */
    public int venueMask(final int tokenId)
    {
        final int token = indexByToken.get(tokenId);
        return token == MISSING ? 0 : venueMask[token];
    }

    /** The current top of the ranking (a live view: copy it to keep it). */
    public Opportunities top()
    {
        return top;
    }

    /** Tokens ranked, i.e. with at least one pair passing every threshold. */
    public int rankedCount()
    {
        return rankedCount;
    }

    /** Token id at rank {@code r} (0 = best). */
    public int rankedTokenId(final int r)
    {
        return tokenIds[ranked[r]];
    }

    /** Net edge of a token's best pair in bps over the horizon, or NaN when not ranked. */
    public double netEdgeBps(final int tokenId)
    {
        final int token = indexByToken.get(tokenId);
        return token == MISSING || bestLong[token] == MISSING ? Double.NaN : bestNet[token];
    }

    /** Instrument id of a ranked token's long leg, or -1. */
    public int bestLongInstrument(final int tokenId)
    {
        final int token = indexByToken.get(tokenId);
        return token == MISSING || bestLong[token] == MISSING ? MISSING : instrumentIds[bestLong[token]];
    }

    /** Instrument id of a ranked token's short leg, or -1. */
    public int bestShortInstrument(final int tokenId)
    {
        final int token = indexByToken.get(tokenId);
        return token == MISSING || bestShort[token] == MISSING ? MISSING : instrumentIds[bestShort[token]];
    }

    /** An instrument's funding rate normalised per hour (rate / interval × 3600), or NaN when unknown. */
    public double ratePerHour(final int instrumentId)
    {
        final int index = indexByInstrument.get(instrumentId);
        return index == MISSING || fundingRate[index] == FixedPoint.NULL ? Double.NaN : ratePerSecond[index] * 3600.0;
    }

    /**
     * Inspection for an audit ({@code replay --explain}), never called by the pipeline: the terms of
     * the pair (long {@code longInstrumentId}, short {@code shortInstrumentId}) exactly as this stage
     * holds them now, and its net edge computed by the code the ranking uses. Null when either
     * instrument is unknown. Allocates.
     */
    public PairTerms inspectPair(final int longInstrumentId, final int shortInstrumentId)
    {
        final int a = indexByInstrument.get(longInstrumentId);
        final int b = indexByInstrument.get(shortInstrumentId);
        if (a == MISSING || b == MISSING)
        {
            return null;
        }
        final boolean bothPriced = priced[a] && priced[b];
        final double net = bothPriced ? netEdge(a, b) : Double.NaN;
        return new PairTerms(nowNs, inspectLeg(a, true), inspectLeg(b, false), (ratePerSecond[b] - ratePerSecond[a]), minDailySpread,
            bothPriced ? (mid[b] - mid[a]) / mid[a] : Double.NaN, basisCapture, net, minNetEdgeBps, targetNotional, horizonNs,
            expectation.decayPerSettlement(), minDailyVolume, requireVolumeData);
    }

    private PairTerms.Leg inspectLeg(final int index, final boolean isLong)
    {
        final int interval = intervalS(index);
        final long intervalNs = interval * NS_PER_S;
        final long termsNs = legTermsTsNs[index];
        final long next = FundingExpectation.nextSettlement(nextFundingTsNs[index], termsNs, intervalNs);
        final long settlements = expectation.settlements(next, termsNs, intervalNs);
        final OrderBook b = books[index];
        return new PairTerms.Leg(instrumentIds[index], venueOf[index], fundingRate[index], reportedIntervalS[index], definedIntervalS[index],
            fallbackIntervalSByVenue[venueOf[index]], interval, ratePerSecond[index], nextFundingTsNs[index], termsNs, next, settlements,
            expectation.weight(settlements, interval), isLong ? fundingAsLong[index] : fundingAsShort[index], takerFeeByVenue[venueOf[index]],
            b.bidCount() > 0 ? b.bidPrice(0) : FixedPoint.NULL, b.askCount() > 0 ? b.askPrice(0) : FixedPoint.NULL, mid[index], buyVwap[index],
            sellVwap[index], contractValue[index], legCost[index], quoteVolume[index], volumeOk[index], priced[index]);
    }

    /** The interval (seconds) the stage uses for an instrument now, or 0 when unknown. */
    public int fundingIntervalS(final int instrumentId)
    {
        final int index = indexByInstrument.get(instrumentId);
        return index == MISSING ? 0 : intervalS(index);
    }
}
