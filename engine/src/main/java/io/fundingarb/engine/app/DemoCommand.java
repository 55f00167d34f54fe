package io.fundingarb.engine.app;

import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.connectors.history.HistoryReplayFeed;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.DemoConfig;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.stage.ExecutionStage;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.MarketView;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh demo}: the engine on the bundled real funding history, replayed on a compressed
 * clock, with a status line every second and a closing report that says where the journal is
 * and how to audit it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the engine on bundled real funding history (time-compressed), with a status view.")
public final class DemoCommand implements Callable<Integer>
{
    private static final DateTimeFormatter SIM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Mixin
    EngineOptions engine;

    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (45) or with a unit (45s, 2m); default demo.duration.")
    String duration;

    @Option(names = "--speed", paramLabel = "X", description = "Seconds of history per second; default demo.speed (3600).")
    Double speed;

    @Override
    public Integer call()
    {
        final String configText = engine.configText();
        final FundingArbConfig config = engine.load(configText);
        final DemoConfig demo = config.demo();
        final Duration runFor = duration == null ? demo.duration() : parseDuration(duration);
        final double x = speed == null ? demo.speed() : speed;
        if (!(x >= 1 && x <= 1_000_000))
        {
            throw new IllegalArgumentException("--speed: expected 1 to 1000000, got " + speed);
        }
        final PrintStream out = System.out;

        final long startMs = demo.historyStart().toEpochMilli();
        final long endMs = startMs + (long)(runFor.toMillis() * x) + Duration.ofHours(8).toMillis();
        final FundingHistory history = FundingHistory.bundled(new HashSet<>(demo.tokens()));
        final List<FundingHistory.Settlement> slice = history.between(startMs, endMs);
        out.printf("fundingarb demo: %d funding settlements of %s, from %s at %.0fx (%s of history per second), for %s%n",
            slice.size(), demo.tokens().isEmpty() ? "every token" : String.join(",", demo.tokens()),
            demo.historyStart(), x, humanSpan(x), humanSpan(runFor));

        final CompressedClock clock = new CompressedClock(startMs * 1_000_000L, x);
        final FundingArbAgent agent = new FundingArbAgent(
            config, new FundingArbAgent.Options(engine.journal, configText, clock, CommandHandlers.NONE));
        final HistoryReplayFeed feed = new HistoryReplayFeed(agent.events(), clock, agent.symbols(), slice);
        agent.addSource(feed);
        out.println("journal: " + agent.journalDir());

        final RankingReporter ranking = new RankingReporter(agent.marketView(), config.engine().maxInstruments(),
            config.strategy().topN(), config.strategy().horizon(), Duration.ofMillis(250));
        agent.addSource(ranking);
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        final long[] lastEvents = new long[1];
        SessionLoop.run(agent, runFor, () ->
        {
            agent.start();
            feed.start();
            ranking.start();
        }, elapsed ->
        {
            final long events = market.events();
            out.printf("[%s] sim %s | events %,d (%,d/s) | instruments %d | funding updates %,d | backlog %d | stage errors %d%n",
                humanSpan(elapsed), SIM_TIME.format(Instant.ofEpochMilli(clock.nanoTime() / 1_000_000L)),
                events, events - lastEvents[0], market.instrumentCount(), feed.published(),
                agent.pipeline().inboundBacklog(), agent.pipeline().errors().total());
            lastEvents[0] = events;
        }, () ->
        {
            final ExecutionStage execution = (ExecutionStage)agent.pipeline().stages().execution();
            final MarketView.Snapshot view = new MarketView.Snapshot(config.engine().maxInstruments(), config.strategy().topN());
            if (agent.marketView().read(view))
            {
                out.println();
                StatusFormat.availability(view, demo.tokens()).forEach(out::println);
            }
            out.println();
            out.println("=== fundingarb demo report ===");
            out.printf("events processed     %,d (instruments %d, funding updates %,d, unknown-instrument skips %d)%n",
                market.events(), market.instrumentCount(), feed.published(), market.unknownInstrumentEvents());
            out.printf("state checkpoints    %d%n", execution.checkpoints());
            out.printf("stage errors         %d%n", agent.pipeline().errors().total());
            out.printf("history replayed     %s to %s%n", demo.historyStart(),
                SIM_TIME.format(Instant.ofEpochMilli(clock.nanoTime() / 1_000_000L)));
            SessionLoop.journalLines(agent, out);
        }, out);
        return Main.EXIT_OK;
    }

    /** "45" (seconds), "45s", "2m", "1h", "500ms". */
    static Duration parseDuration(final String text)
    {
        final String t = text.trim();
        try
        {
            if (t.matches("\\d+"))
            {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.matches("\\d+ms"))
            {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.matches("\\d+[smh]"))
            {
                final long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1))
                {
                    case 's': return Duration.ofSeconds(n);
                    case 'm': return Duration.ofMinutes(n);
                    default: return Duration.ofHours(n);
                }
            }
        }
        catch (final NumberFormatException ignored)
        {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--duration: expected seconds (45) or a number with a unit (45s, 2m, 1h, 500ms), got \"" + text + "\"");
    }

    private static String humanSpan(final Duration d)
    {
        final long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String humanSpan(final double speed)
    {
        return humanSpan(Duration.ofSeconds((long)speed));
    }
}
