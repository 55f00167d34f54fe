package io.fundingarb.engine;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.engine.app.EmbeddedSetUp;
import io.fundingarb.engine.config.ConfigNode;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.journal.SealKey;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.pipeline.LatencyProbe;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.pipeline.TimerAgent;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine instance, embeddable. The product brief's form runs what the configuration describes
 * ({@code mode}: {@code demo} by default, on embedded simulators; {@code paper}; {@code live}), put
 * together by the same assembly as the command line:
 * <pre>
 *   FundingArbAgent agent = new FundingArbAgent(ConfigLoader.load(Path.of("agent.yaml")));
 *   agent.run();     // attaches the mode's venues, starts, blocks until close() is called from another thread
 *   ...
 *   agent.close();   // stops sources, publishes a last checkpoint, drains the rings, closes the journal
 * </pre>
 * The command line builds its agents with {@link Options} instead and attaches the venues itself:
 * such an agent's market-data sources, gateways and simulators attach through {@link #events()},
 * {@link #router()} and {@link #addSource(AutoCloseable)} before {@link #start()}, the
 * non-blocking form.
 */
public final class FundingArbAgent implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FundingArbAgent.class);

    private final FundingArbConfig config;
    private final EpochNanoClock clock;
    private final Journal journal;
    private final Pipeline pipeline;
    private final TimerAgent timer;
    private final SymbolTable symbols = new SymbolTable();
    private final MarketView marketView;
    private final RiskView riskView = new RiskView(64);
    private final List<AutoCloseable> sources = new ArrayList<>();
    private GatewayRouter router;
    /** Built by the brief's constructor: {@link #run()} attaches the configured mode's venues. */
    private boolean assembles;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean started;
    private boolean stopped;
    private Consumer<EventSink> preload;

    /**
     * An agent that runs what {@code config} describes when {@link #run()} is called (its {@code mode}: in demo mode on
     * the demo's compressed clock, with the demo's defaults under the configuration), journaling to a new timestamped
     * folder under {@code journal.dir}.
     */
    public FundingArbAgent(final FundingArbConfig config)
    {
        this(EmbeddedSetUp.prepare(config));
    }

    private FundingArbAgent(final EmbeddedSetUp.Prepared prepared)
    {
        this(prepared.config(), prepared.options());
        this.assembles = true;
    }

    /**
     * @param journalDir the session journal folder (must be new or empty), or null for a new
     *                   timestamped folder under {@code journal.dir}
     * @param configText the configuration text to keep in the journal for replay, or null
     * @param clock      "now" for every producer (a compressed clock in the demo)
     * @param commands   receives every outbound command instead of the agent's {@link GatewayRouter}, or null
     *                   for the router (a market-data-only session passes a handler that ignores them)
     */
    public record Options(Path journalDir, String configText, EpochNanoClock clock, CommandHandler commands)
    {
        /** Commands go to the agent's {@link GatewayRouter}. */
        public Options(final Path journalDir, final String configText, final EpochNanoClock clock)
        {
            this(journalDir, configText, clock, null);
        }
    }

    public FundingArbAgent(final FundingArbConfig config, final Options options)
    {
        this.config = config;
        this.clock = options.clock();
        final String configText = options.configText() != null ? options.configText() : config.sourceText();
        this.marketView = new MarketView(config.engine().maxInstruments(), config.strategy().topN());
        final SealKey sealKey;
        if (config.journal().enabled())
        {
            final Path dir = options.journalDir() != null
                ? options.journalDir()
                : Journal.newSessionFolder(config.journal().dir(), Instant.now());
            // before the folder is made: a missing or short key is one line, and leaves nothing behind
            sealKey = SealKey.fromEnvironment(config.journal().sealKeyEnv(), System::getenv, "journal.seal_key_env");
            journal = Journal.create(dir, config.journal().durability());
            if (config.journal().durability().syncs() && config.engine().threading() != Threading.DEDICATED)
            {
                LOG.warn("journal.sync: {} under engine.threading: {} forces pages to disk on the thread the stages (and the gateways) share: "
                    + "each sync delays decisions by its milliseconds; use threading: dedicated to keep it on the journal threads",
                    ConfigNode.yamlName(config.journal().sync()), ConfigNode.yamlName(config.engine().threading()));
            }
            writeConfig(dir, configText.isEmpty() && options.configText() == null ? null : configText);
        }
        else
        {
            journal = null;
            sealKey = null;
        }
        pipeline = new Pipeline(
            Pipeline.Options.of(config.engine()),
            stageFactory(config, marketView, riskView),
            journal == null ? null : new JournalWriter(journal.inbound(), config.journal().durability(), sealKey),
            journal == null ? null : new JournalWriter(journal.commands(), config.journal().durability(), sealKey == null ? null : sealKey.copy()),
            events -> options.commands() != null ? options.commands() : (router = new GatewayRouter(events, clock)),
            new LatencyProbe());
        timer = new TimerAgent(
            pipeline.events(), clock, config.engine().timerInterval().toNanos(), config.engine().checkpointInterval().toNanos());
    }

    /** The stages an engine with this configuration runs; replay builds the same (with no view). */
    public static Stages.Factory stageFactory(final FundingArbConfig config, final MarketView view)
    {
        return Stages.standard(config, view);
    }

    private static Stages.Factory stageFactory(final FundingArbConfig config, final MarketView view, final RiskView riskView)
    {
        return Stages.standard(config, view, riskView);
    }

    private static void writeConfig(final Path dir, final String configText)
    {
        if (configText == null)
        {
            return;
        }
        try
        {
            Files.writeString(dir.resolve(Journal.CONFIG), configText);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dir.resolve(Journal.CONFIG), ex);
        }
    }

    /** Where producers publish inbound events. */
    public EventSink events()
    {
        return pipeline.events();
    }

    /**
     * Where outbound commands go: each venue's gateway is {@link GatewayRouter#expect expected} before
     * {@link #start()} and {@link GatewayRouter#bind bound} when built; null when the options named
     * another handler.
     */
    public GatewayRouter router()
    {
        return router;
    }

    /** Interns token and instrument names for every connector of this engine. */
    public SymbolTable symbols()
    {
        return symbols;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    public FundingArbConfig config()
    {
        return config;
    }

    /** The session journal folder, or null when journaling is disabled. */
    public Path journalDir()
    {
        return journal == null ? null : journal.dir();
    }

    /** The session journal, or null when journaling is disabled (readers may tail it; only the pipeline writes). */
    public Journal journal()
    {
        return journal;
    }

    public Pipeline pipeline()
    {
        return pipeline;
    }

    /** The circuit breaker, totals and open pairs, readable from any thread. */
    public RiskView riskView()
    {
        return riskView;
    }

    /** The availability matrix and ranking, readable from any thread. */
    public MarketView marketView()
    {
        return marketView;
    }

    /** A source (feed, simulator, gateway) closed, in reverse order, before the rings drain. */
    public synchronized void addSource(final AutoCloseable source)
    {
        sources.add(source);
    }

    /**
     * Events to publish first, once the rings run and before the timer or any source publishes
     * (a resumed session's carried-over events); before {@link #start()}.
     */
    public synchronized FundingArbAgent preload(final Consumer<EventSink> events)
    {
        this.preload = events;
        return this;
    }

    /** Starts the rings and the timer; returns at once. */
    public synchronized FundingArbAgent start()
    {
        if (!started)
        {
            pipeline.start();
            if (preload != null)
            {
                preload.accept(pipeline.events());
            }
            timer.start();
            started = true;
            LOG.info("agent {} started; journal {}", config.agentId(), journalDir());
        }
        return this;
    }

    /**
     * Starts, then blocks until {@link #close()} is called. An agent built from a configuration alone
     * first attaches what its {@code mode} runs (unless sources were attached already).
     */
    public void run()
    {
        final EmbeddedSetUp setUp;
        synchronized (this)
        {
            setUp = assembles && !started && !stopped && sources.isEmpty() ? EmbeddedSetUp.attach(this) : null;
        }
        start();
        if (setUp != null)
        {
            setUp.started();
        }
        try
        {
            closed.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        for (int i = sources.size() - 1; i >= 0; i--)
        {
            try
            {
                sources.get(i).close();
            }
            catch (final Exception ex)
            {
                LOG.warn("source {} did not close cleanly: {}", sources.get(i), ex.toString());
            }
        }
        if (started)
        {
            timer.close();
        }
        pipeline.close();
        if (journal != null)
        {
            journal.close();
        }
        closed.countDown();
    }
}
