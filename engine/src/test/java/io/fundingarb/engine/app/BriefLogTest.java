package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.PairEventEncoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.stage.MarketView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product brief's lines: availability per token, and a line per entry, fill and exit from the journal's pair events. */
class BriefLogTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldNameEachTokensAvailabilityThenTheMatrix()
    {
        final MarketView.Snapshot view = new MarketView.Snapshot(8, 5);
        view.tokenCount = 2;
        view.tokenIds[0] = 1;
        view.tokenNames[0] = "BTC";
        view.venueMasks[0] = (1 << Venue.BINANCE.value()) | (1 << Venue.BYBIT.value()) | (1 << Venue.HYPERLIQUID.value());
        view.tokenIds[1] = 2;
        view.tokenNames[1] = "TSLA";
        view.venueMasks[1] = 1 << Venue.BYBIT.value();

        final List<String> lines = BriefLog.availability(view, List.of("BTC", "TSLA", "nope"));

        assertThat(lines.subList(0, 3)).containsExactly(
            "✅ BTC: available on 3 venues (binance, bybit, hyperliquid)",
            "ℹ️ TSLA: only on bybit - cannot arbitrage",
            "❌ NOPE: on no venue");
        assertThat(lines.get(3)).startsWith("Status | Token  | Venues");
        assertThat(lines.get(4)).contains("| BTC    | 3      |").endsWith("| 3");
        // the "Arb pairs" column lines up with the header even when every venue lists the token (✅ is one char, two columns)
        assertThat(lines.get(4).lastIndexOf(" | ")).isEqualTo(lines.get(3).lastIndexOf(" | ") - 1);
        assertThat(lines.get(3).lastIndexOf(" | ")).isGreaterThanOrEqualTo(lines.get(3).indexOf("Available on") + VenueAdapters.names(", ").length());
    }

    @Test
    void shouldWriteALineForEachEntryFillAndExitJournaled()
    {
        final SymbolTable symbols = new SymbolTable();
        final int eth = symbols.tokenId("ETH");
        final int binance = symbols.instrumentId(Venue.BINANCE, "ETHUSDT");
        final int bybit = symbols.instrumentId(Venue.BYBIT, "ETHUSDT");
        final List<String> lines = new ArrayList<>();
        try (Journal journal = Journal.create(tmp.resolve("session")))
        {
            final BriefLog brief = new BriefLog(new MarketView(8, 5), new MarketView.Snapshot(8, 5), symbols, journal, Duration.ofHours(24),
                List.of("ETH"), Duration.ofSeconds(10), lines::add);
            try (JournalWriter commands = new JournalWriter(journal.commands()))
            {
                pairEvent(commands, PairEventKind.OPENING, eth, binance, bybit, 0, 0, 0, 0, 0, "");
                pairEvent(commands, PairEventKind.OPENED, eth, binance, bybit, FixedPoint.parse("0.5"), FixedPoint.parse("2000.1"),
                    FixedPoint.parse("2001.3"), FixedPoint.parse("1.0001"), 0, "both legs filled");
                pairEvent(commands, PairEventKind.CLOSED, eth, binance, bybit, 0, 0, 0, FixedPoint.parse("2.0004"), FixedPoint.parse("7.5"),
                    "funding spread below exit threshold");
            }
            brief.poll(System.nanoTime());
            brief.close();
        }

        assertThat(lines).containsExactly(
            "Opening ETH arbitrage | binance:ETHUSDT (BUY) vs bybit:ETHUSDT (SELL) | spread - | pair 7",
            "Opened ETH pair 7 | long binance:ETHUSDT 0.5 @ 2000.1 | short bybit:ETHUSDT 0.5 @ 2001.3",
            "Closed ETH pair 7 | long binance:ETHUSDT / short bybit:ETHUSDT | funding +7.50 USDT | fees -2.00 USDT | PnL +6.10 USDT"
                + " | funding spread below exit threshold");
    }

    @Test
    void shouldSkipThePairEventsAResumedSessionRederivesFromCarriedOverEvents()
    {
        final SymbolTable symbols = new SymbolTable();
        final int eth = symbols.tokenId("ETH");
        final List<String> lines = new ArrayList<>();
        try (Journal journal = Journal.create(tmp.resolve("session")))
        {
            final BriefLog brief = new BriefLog(new MarketView(8, 5), new MarketView.Snapshot(8, 5), symbols, journal, Duration.ofHours(24),
                List.of("ETH"), Duration.ofSeconds(10), lines::add).skipBefore(2);
            try (JournalWriter commands = new JournalWriter(journal.commands()))
            {
                pairEvent(commands, PairEventKind.OPENING, eth, 1, 2, 0, 0, 0, 0, 0, ""); // eventSeq 1: before the marker at 2
            }
            brief.poll(System.nanoTime());
            brief.close();
        }

        assertThat(lines).isEmpty();
    }

    private static void pairEvent(
        final JournalWriter commands, final PairEventKind kind, final int token, final int longId, final int shortId, final long qty,
        final long longPrice, final long shortPrice, final long fees, final long funding, final String reason)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PairEventEncoder e = new PairEventEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsInitNs(1).eventSeq(1).pairId(7).tokenId(token).longInstrumentId(longId).shortInstrumentId(shortId).kind(kind)
            .quantity(qty).longPrice(longPrice).shortPrice(shortPrice).fees(fees).funding(funding)
            .realisedPnl(kind == PairEventKind.CLOSED ? FixedPoint.parse("6.1") : 0).reason(reason);
        commands.append(buffer.byteArray(), 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }
}
