package io.fundingarb.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.stage.OrderEchoStage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --print}: one JSON object per line, a type on each, decimals as numbers, commands after their cause. */
@Timeout(30)
class ReplayPrintTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<JsonNode> lines = new ArrayList<>();

    @BeforeEach
    void recordAndPrint() throws Exception
    {
        try (Journal journal = Journal.create(tmp.resolve("j")))
        {
            final Pipeline pipeline = new Pipeline(
                new Pipeline.Options(Threading.SHARED, WaitStrategy.BLOCKING, new int[0], 64, 64, 1024),
                OrderEchoStage.factory(FixedPoint.parse("0.0001")),
                new JournalWriter(journal.inbound()), new JournalWriter(journal.commands()), CommandHandlers.NONE).start();
            final TestEvents events = new TestEvents(pipeline.events());
            events.definition(1, 7, 3, Venue.BINANCE, "BTCUSDT", "BTC");
            events.funding(2_000, 7, Venue.BINANCE, FixedPoint.parse("0.00038167"), FixedPoint.parse("61800.30"));
            events.funding(3_000, 7, Venue.BINANCE, FixedPoint.parse("-0.005"), FixedPoint.parse("61801"));
            events.book(4_000, 7, Venue.BINANCE, 42, 2, FixedPoint.parse("61800"));
            events.timer(5_000, TimerKind.CHECKPOINT, 1);
            pipeline.close();

            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            Replayer.print(journal, new PrintStream(out, true, StandardCharsets.UTF_8));
            for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
            {
                lines.add(JSON.readTree(line));
            }
        }
    }

    @Test
    void shouldPrintEveryEventAndCommandInCausalOrder()
    {
        assertThat(lines).extracting(n -> n.get("type").asText()).containsExactly(
            "InstrumentDefinition", "FundingUpdate", "OrderCommand", "FundingUpdate", "BookUpdate", "Timer", "StateCheckpoint");
    }

    @Test
    void shouldPrintRatesAndPricesAsDecimalNumbers()
    {
        final JsonNode funding = lines.get(1);
        assertThat(funding.get("fundingRate").isNumber()).isTrue();
        assertThat(funding.get("fundingRate").decimalValue()).isEqualByComparingTo("0.00038167");
        assertThat(funding.get("markPrice").decimalValue()).isEqualByComparingTo("61800.3");
        assertThat(funding.get("indexPrice").isNull()).isTrue();
        assertThat(funding.get("venue").asText()).isEqualTo("BINANCE");
        assertThat(funding.get("seq").asLong()).isEqualTo(1);
    }

    @Test
    void shouldPrintCommandsWithTheEventThatCausedThem()
    {
        final JsonNode order = lines.get(2);
        assertThat(order.get("eventSeq").asLong()).isEqualTo(1);
        assertThat(order.get("price").decimalValue()).isEqualByComparingTo("61800.3");
        assertThat(order.get("timeInForce").asText()).isEqualTo("IOC");
    }

    @Test
    void shouldPrintBookLevelsAsPricePairs()
    {
        final JsonNode book = lines.get(4);
        assertThat(book.get("bids").get(0).get(0).decimalValue()).isEqualByComparingTo("61799.9");
        assertThat(book.get("asks").get(1).get(1).decimalValue()).isEqualByComparingTo("0.002");
        assertThat(book.get("definition")).isNull();
        assertThat(lines.get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(lines.get(0).get("takerFee").decimalValue()).isEqualByComparingTo("0.0005");
    }
}
