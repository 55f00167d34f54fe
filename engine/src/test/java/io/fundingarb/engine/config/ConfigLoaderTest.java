package io.fundingarb.engine.config;

import io.fundingarb.engine.journal.JournalWriter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest
{
    private static final Path CONFIG_DIR = Path.of("..", "config");
    private static final String SOURCE = "test.yaml";

    @Test
    void shouldAcceptMinimalBriefFormWithAllOtherSettingsDefaulted()
    {
        final FundingArbConfig config = ConfigLoader.parse(
            "agent_id: fundingarb_agent_01\nagent_type: FundingArbAgent\n", SOURCE);

        assertThat(config).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void shouldHaveDocumentedDefaults()
    {
        final FundingArbConfig config = ConfigLoader.defaults();

        assertThat(config.agentId()).isEqualTo("fundingarb_agent_01");
        assertThat(config.agentType()).isEqualTo("FundingArbAgent");
        assertThat(config.engine()).isEqualTo(new EngineConfig(
            Threading.SHARED, WaitStrategy.BLOCKING, List.of(), 8192, 1024, 4096, 4096,
            Duration.ofMillis(100), Duration.ofSeconds(10)));
        assertThat(config.journal()).isEqualTo(new JournalConfig(Path.of("data/journal"), true));
    }

    @Test
    void shouldReadTheBriefsFormNestedUnderConfig()
    {
        final FundingArbConfig config = ConfigLoader.parse("config:\n  agent_id: nested_01\n  agent_type: FundingArbAgent\n", SOURCE);

        assertThat(config.agentId()).isEqualTo("nested_01");
        assertThat(config.mode()).isEqualTo(AgentMode.DEMO);
    }

    @Test
    void shouldLayTheDemoTimingsUnderTheKeysAFileLeavesOut()
    {
        final String text = ConfigLoader.withDemoDefaults("agent_id: a\nrisk:\n  max_data_age: 2s\n", SOURCE);
        final FundingArbConfig config = ConfigLoader.parse(text, SOURCE);

        assertThat(config.risk().maxDataAge()).as("set by the file").isEqualTo(Duration.ofSeconds(2));
        assertThat(config.risk().venueDownGrace()).as("left out: the demo's").isEqualTo(Duration.ofHours(1));
        assertThat(config.execution().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.agentId()).isEqualTo("a");
    }

    @Test
    void shouldKeepAFileThatSetsEveryDemoTimingAsItIs() throws Exception
    {
        final String demo = Files.readString(Path.of("..", "config", "demo.yaml"));

        assertThat(ConfigLoader.withDemoDefaults(demo, SOURCE)).isSameAs(demo);
    }

    @Test
    void shouldTreatEmptyFileAsAllDefaults()
    {
        assertThat(ConfigLoader.parse("", SOURCE)).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void shouldTreatCommentOnlyFileAsAllDefaults()
    {
        assertThat(ConfigLoader.parse("# nothing here\n", SOURCE)).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void shouldTreatEmptySectionAsDefaults()
    {
        assertThat(ConfigLoader.parse("engine:\n", SOURCE)).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void shouldLoadEveryConfigFile() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(CONFIG_DIR, "*.yaml"))
        {
            stream.forEach(files::add);
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (final Path file : files)
        {
            assertThat(ConfigLoader.load(file)).as(file.toString()).isNotNull();
        }
    }

    @Test
    void shouldDifferFromTheDefaultsOnlyWhereTheDemoIsTuned()
    {
        // the demo runs on a clock compressed 3600x, so its timings are history time; its thresholds
        // are tuned to the October 2025 dislocation it replays; everything else is the default
        final FundingArbConfig demo = ConfigLoader.load(CONFIG_DIR.resolve("demo.yaml"));
        final FundingArbConfig defaults = ConfigLoader.defaults();

        assertThat(demo.engine()).isEqualTo(defaults.engine());
        assertThat(demo.journal()).isEqualTo(defaults.journal());
        // Binance isolated: the demo's price shock (demo.shock_at) can bring a leg near liquidation within a realistic jump
        assertThat(demo.venues()).usingRecursiveComparison().ignoringFields("byName.binance.marginMode").isEqualTo(defaults.venues());
        assertThat(demo.venues().get("binance").marginMode()).isEqualTo(MarginType.ISOLATED);
        assertThat(demo.demo()).isEqualTo(defaults.demo());
        assertThat(demo.control()).isEqualTo(defaults.control());
        assertThat(demo.backtest()).isEqualTo(defaults.backtest());
        assertThat(demo.strategy()).usingRecursiveComparison().ignoringFields("minNetEdgeBps", "allowCrossQuote").isEqualTo(defaults.strategy());
        assertThat(demo.strategy().allowCrossQuote()).as("Hyperliquid's USDC legs pair with USDT legs in the demo").isTrue();
        assertThat(demo.risk()).usingRecursiveComparison()
            .ignoringFields("maxDataAge", "exitSpreadPerDay", "venueDownGrace", "paymentWait").isEqualTo(defaults.risk());
        assertThat(demo.execution()).usingRecursiveComparison()
            .ignoringFields("timeout", "repairBackoffInitial", "repairBackoffMax").isEqualTo(defaults.execution());
        assertThat(demo.tokens()).as("tokens on three venues, on two (SEI, ORDI) and on one (TSLA)").contains("BTC", "SEI", "ORDI", "TSLA");
        assertThat(demo.execution().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(demo.execution().repairBackoffInitial()).isEqualTo(Duration.ofMinutes(10));
        assertThat(demo.execution().repairBackoffMax()).isEqualTo(Duration.ofHours(2));
        assertThat(demo.risk().maxDataAge()).isEqualTo(Duration.ofHours(1));
        assertThat(demo.risk().paymentWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldShowEveryKnownKeyInDemoFile() throws IOException
    {
        final String demo = Files.readString(CONFIG_DIR.resolve("demo.yaml"));

        for (final String path : ConfigLoader.knownKeys())
        {
            final String leaf = path.substring(path.lastIndexOf('.') + 1);
            assertThat(demo).as(path).containsPattern("(?m)^\\s*" + leaf + ":");
        }
    }

    @Test
    void shouldDocumentEveryKnownKeyInReference() throws IOException
    {
        final String reference = Files.readString(CONFIG_DIR.resolve("REFERENCE.md"));

        assertThat(ConfigLoader.knownKeys()).hasSize(167);
        for (final String path : ConfigLoader.knownKeys())
        {
            assertThat(reference).contains("| `" + path + "` |");
        }
    }

    @Test
    void shouldReadDedicatedBusySpinWithAffinity()
    {
        final EngineConfig engine = ConfigLoader.parse(
            "engine:\n  threading: dedicated\n  wait_strategy: busy_spin\n  cpu_affinity: [1, 3]\n", SOURCE).engine();

        assertThat(engine.threading()).isEqualTo(Threading.DEDICATED);
        assertThat(engine.waitStrategy()).isEqualTo(WaitStrategy.BUSY_SPIN);
        assertThat(engine.cpuAffinity()).containsExactly(1, 3);
    }

    @Test
    void shouldDefaultBinanceWsLayoutToSplit()
    {
        assertThat(ConfigLoader.defaults().venues().get("binance").wsLayout()).isEqualTo(WsLayout.SPLIT);
    }

    @Test
    void shouldReadCombinedBinanceWsLayout()
    {
        assertThat(ConfigLoader.parse("venues:\n  binance:\n    ws_layout: combined\n", SOURCE).venues().get("binance").wsLayout())
            .isEqualTo(WsLayout.COMBINED);
    }

    @Test
    void shouldRejectUnknownBinanceWsLayout()
    {
        assertThat(failure("venues:\n  binance:\n    ws_layout: public\n")).isEqualTo(
            "test.yaml: venues.binance.ws_layout: expected one of [split, combined], got \"public\"");
    }

    @Test
    void shouldReadWebSocketOrderEntryOfBinance()
    {
        final VenueConfig binance = ConfigLoader.parse(
            "venues:\n  binance:\n    order_entry: websocket\n    order_ws_url: \"wss://orders.example/ws-fapi/v1\"\n", SOURCE).venues().get("binance");
        assertThat(binance.orderEntry()).isEqualTo(OrderEntryMode.WEBSOCKET);
        assertThat(binance.orderWsUrl()).isEqualTo("wss://orders.example/ws-fapi/v1");
    }

    @Test
    void shouldDefaultToRestOrderEntry()
    {
        assertThat(ConfigLoader.defaults().venues().get("binance").orderEntry()).isEqualTo(OrderEntryMode.REST);
    }

    @Test
    void shouldRejectWebSocketOrderEntryOfAVenueWithoutOne()
    {
        assertThat(failure("venues:\n  hyperliquid:\n    order_entry: websocket\n")).isEqualTo(
            "test.yaml: venues.hyperliquid.order_entry: expected rest (this venue's gateway has no WebSocket order entry), got websocket");
    }

    @Test
    void shouldRejectAnUnknownOrderEntry()
    {
        assertThat(failure("venues:\n  binance:\n    order_entry: fix\n")).isEqualTo(
            "test.yaml: venues.binance.order_entry: expected one of [rest, websocket], got \"fix\"");
    }

    @Test
    void shouldReadIsolatedMarginAndLeverageOfAGatewayVenue()
    {
        final VenueConfig bybit = ConfigLoader.parse("venues:\n  bybit:\n    margin_mode: isolated\n    leverage: 10\n", SOURCE).venues().get("bybit");
        assertThat(bybit.marginMode()).isEqualTo(MarginType.ISOLATED);
        assertThat(bybit.leverage()).isEqualTo(10);
    }

    @Test
    void shouldDefaultToCrossMarginAtLeverage3Every30s()
    {
        final VenueConfig binance = ConfigLoader.parse("venues:\n  binance:\n    enabled: true\n", SOURCE).venues().get("binance");
        assertThat(binance.marginMode()).isEqualTo(MarginType.CROSS);
        assertThat(binance.leverage()).isEqualTo(3);
        assertThat(binance.positionPollInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectLeverageAbove125()
    {
        assertThat(failure("venues:\n  binance:\n    leverage: 126\n")).startsWith("test.yaml: venues.binance.leverage:").contains("125");
    }

    @Test
    void shouldRejectAnUnknownMarginMode()
    {
        assertThat(failure("venues:\n  binance:\n    margin_mode: portfolio\n")).isEqualTo(
            "test.yaml: venues.binance.margin_mode: expected one of [cross, isolated], got \"portfolio\"");
    }

    @Test
    void shouldRejectLeverageOnAVenueWithoutGateway()
    {
        assertThat(failure("venues:\n  okx:\n    leverage: 3\n")).startsWith("test.yaml: venues.okx.leverage: unknown key");
    }

    @Test
    void shouldRejectWsLayoutOnVenueWithoutPathSplit()
    {
        assertThat(failure("venues:\n  bybit:\n    ws_layout: split\n")).startsWith("test.yaml: venues.bybit.ws_layout: unknown key");
    }

    @Test
    void shouldReadTheRepairBackoff()
    {
        final ExecutionConfig execution = ConfigLoader.parse(
            "execution:\n  repair_backoff_initial: 250ms\n  repair_backoff_max: 1m\n", SOURCE).execution();
        assertThat(execution.repairBackoffInitial()).isEqualTo(Duration.ofMillis(250));
        assertThat(execution.repairBackoffMax()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRejectARepairBackoffCapBelowItsFirstWait()
    {
        assertThat(failure("execution:\n  repair_backoff_initial: 5s\n  repair_backoff_max: 2s\n")).isEqualTo(
            "test.yaml: execution.repair_backoff_max: expected at least repair_backoff_initial (5000ms), got 2000ms");
    }

    @Test
    void shouldRejectUnknownTopLevelKeyWithSuggestion()
    {
        assertThat(failure("agent_idd: x\n")).isEqualTo(
            "test.yaml: agent_idd: unknown key, did you mean agent_id? " +
            "(known keys: agent_id, agent_type, mode, tokens, engine, journal, strategy, risk, execution, venues, demo, paper, control, recovery, backtest, ops)");
    }

    @Test
    void shouldRejectUnknownNestedKeyWithSuggestion()
    {
        assertThat(failure("engine:\n  timer_intervl_ms: 100\n")).isEqualTo(
            "test.yaml: engine.timer_intervl_ms: unknown key, did you mean timer_interval? " +
            "(known keys in engine: threading, wait_strategy, cpu_affinity, inbound_ring_size, " +
            "outbound_ring_size, max_event_bytes, max_instruments, timer_interval, checkpoint_interval)");
    }

    @Test
    void shouldNotSuggestDistantKey()
    {
        assertThat(failure("journal:\n  colour: red\n")).isEqualTo(
            "test.yaml: journal.colour: unknown key (known keys in journal: dir, enabled, sync, sync_every_n_events, seal_key_env)");
    }

    @Test
    void shouldRejectWordForInteger()
    {
        assertThat(failure("engine:\n  max_event_bytes: big\n")).isEqualTo(
            "test.yaml: engine.max_event_bytes: expected a multiple of 8 between 256 and 65536, got \"big\"");
    }

    @Test
    void shouldRejectListForString()
    {
        assertThat(failure("agent_id: [a, b]\n")).isEqualTo("test.yaml: agent_id: expected a string, got a list");
    }

    @Test
    void shouldRejectNumberForString()
    {
        assertThat(failure("agent_id: 7\n")).isEqualTo("test.yaml: agent_id: expected a string, got 7");
    }

    @Test
    void shouldRejectNumberWrittenAsString()
    {
        assertThat(failure("engine:\n  inbound_ring_size: \"8192\"\n")).isEqualTo(
            "test.yaml: engine.inbound_ring_size: expected a power of two between 64 and 4194304, " +
            "got \"8192\" (a string: write numbers without quotes)");
    }

    @Test
    void shouldRejectANegativeMinimumFundingSpread()
    {
        assertThat(failure("strategy:\n  min_funding_rate_profitability: -0.001\n"))
            .startsWith("test.yaml: strategy.min_funding_rate_profitability: expected a number between 0 and 1");
    }

    @Test
    void shouldRejectANegativeMinimumNetEdge()
    {
        assertThat(failure("strategy:\n  min_net_edge_bps: -1\n"))
            .startsWith("test.yaml: strategy.min_net_edge_bps: expected a number between 0 and 10000");
    }

    @Test
    void shouldRejectABasisCaptureOutsideZeroToOne()
    {
        assertThat(failure("strategy:\n  basis_capture: 1.5\n")).startsWith("test.yaml: strategy.basis_capture: expected a number between 0 and 1");
    }

    @Test
    void shouldRejectAFundingDecayOutsideZeroToOne()
    {
        assertThat(failure("strategy:\n  funding_decay_per_settlement: -0.1\n"))
            .startsWith("test.yaml: strategy.funding_decay_per_settlement: expected a number between 0 and 1");
    }

    @Test
    void shouldRejectMoreOpenPairsThanTheStagesHold()
    {
        assertThat(failure("risk:\n  max_open_pairs: 65\n")).startsWith("test.yaml: risk.max_open_pairs: expected an integer between 0 and 64");
    }

    @Test
    void shouldRejectIntegerOutOfRange()
    {
        assertThat(failure("engine:\n  outbound_ring_size: 2097152\n")).isEqualTo(
            "test.yaml: engine.outbound_ring_size: expected a power of two between 64 and 1048576, got 2097152");
    }

    @Test
    void shouldRejectIntegerBeyondLongRange()
    {
        assertThat(failure("engine:\n  inbound_ring_size: 99999999999999999999\n")).isEqualTo(
            "test.yaml: engine.inbound_ring_size: expected a power of two between 64 and 4194304, " +
            "got 99999999999999999999");
    }

    @Test
    void shouldRejectAVolumeMinimumBeyondWhatAVolumeCanRead()
    {
        // volumes saturate at ~9.22e9 (fixed point): a higher minimum could never be met
        assertThat(failure("strategy:\n  min_daily_volume_usd: 10000000000\n")).isEqualTo(
            "test.yaml: strategy.min_daily_volume_usd: expected a number between 0 and 9000000000, got 10000000000");
    }

    @Test
    void shouldRejectNonPowerOfTwo()
    {
        assertThat(failure("engine:\n  inbound_ring_size: 1000\n")).isEqualTo(
            "test.yaml: engine.inbound_ring_size: expected a power of two between 64 and 4194304, got 1000");
    }

    @Test
    void shouldRejectUnalignedEventSize()
    {
        assertThat(failure("engine:\n  max_event_bytes: 1001\n")).isEqualTo(
            "test.yaml: engine.max_event_bytes: expected a multiple of 8 between 256 and 65536, got 1001");
    }

    @Test
    void shouldRejectBadEnumValue()
    {
        assertThat(failure("engine:\n  threading: fast\n")).isEqualTo(
            "test.yaml: engine.threading: expected one of [shared, pinned, dedicated], got \"fast\"");
    }

    @Test
    void shouldRejectJavaSpellingOfEnumValue()
    {
        assertThat(failure("engine:\n  wait_strategy: BUSY_SPIN\n")).isEqualTo(
            "test.yaml: engine.wait_strategy: expected one of [blocking, yielding, sleeping, busy_spin], " +
            "got \"BUSY_SPIN\"");
    }

    @Test
    void shouldRejectEmptyValue()
    {
        assertThat(failure("engine:\n  threading:\n")).isEqualTo(
            "test.yaml: engine.threading: expected one of [shared, pinned, dedicated], got nothing (empty value)");
    }

    @Test
    void shouldRejectDurationWithoutUnit()
    {
        assertThat(failure("engine:\n  timer_interval: 100\n")).isEqualTo(
            "test.yaml: engine.timer_interval: expected a duration between 1ms and 10s " +
            "(a number and a unit: ns, us, ms, s, m, h, e.g. \"100ms\"), got 100");
    }

    @Test
    void shouldRejectDurationOutOfRange()
    {
        assertThat(failure("engine:\n  checkpoint_interval: 2h\n")).startsWith(
            "test.yaml: engine.checkpoint_interval: expected a duration between 100ms and 1h ").endsWith(
            "got \"2h\"");
    }

    @Test
    void shouldRejectMalformedDuration()
    {
        assertThat(failure("engine:\n  timer_interval: soon\n")).startsWith(
            "test.yaml: engine.timer_interval: expected a duration").endsWith("got \"soon\"");
    }

    @Test
    void shouldAcceptDurationUnits()
    {
        final EngineConfig engine = ConfigLoader.parse(
            "engine:\n  timer_interval: 2s\n  checkpoint_interval: 5m\n", SOURCE).engine();

        assertThat(engine.timerInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(engine.checkpointInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRejectWrongAgentType()
    {
        assertThat(failure("agent_type: MarketMaker\n")).isEqualTo(
            "test.yaml: agent_type: expected \"FundingArbAgent\" (the only agent type), got \"MarketMaker\"");
    }

    @Test
    void shouldRejectAgentIdWithSpace()
    {
        assertThat(failure("agent_id: my agent\n")).isEqualTo(
            "test.yaml: agent_id: expected 1 to 64 characters from A-Z a-z 0-9 _ . -, got \"my agent\"");
    }

    @Test
    void shouldRejectAgentIdLongerThan64Characters()
    {
        assertThat(failure("agent_id: " + "a".repeat(65) + "\n")).isEqualTo(
            "test.yaml: agent_id: expected at most 64 characters, got 65");
    }

    @Test
    void shouldRejectAffinityWithSharedThreading()
    {
        assertThat(failure("engine:\n  cpu_affinity: [1]\n")).isEqualTo(
            "test.yaml: engine.cpu_affinity: pinning applies only to pinned or dedicated threading, but engine.threading " +
            "is shared (set threading: pinned or dedicated, or cpu_affinity: [])");
    }

    @Test
    void shouldReadPinnedThreadingWithOneCpu()
    {
        final EngineConfig engine = ConfigLoader.parse(
            "engine:\n  threading: pinned\n  wait_strategy: busy_spin\n  cpu_affinity: [1]\n", SOURCE).engine();

        assertThat(engine.threading()).isEqualTo(Threading.PINNED);
        assertThat(engine.cpuAffinity()).containsExactly(1);
    }

    @Test
    void shouldRejectMoreThanOneCpuWithPinnedThreading()
    {
        assertThat(failure("engine:\n  threading: pinned\n  cpu_affinity: [0, 1]\n")).isEqualTo(
            "test.yaml: engine.cpu_affinity: pinned threading pins one thread (the stages'), expected one CPU id, got [0, 1]");
    }

    @Test
    void shouldRejectNegativeCpuId()
    {
        assertThat(failure("engine:\n  threading: dedicated\n  cpu_affinity: [2, -1]\n")).isEqualTo(
            "test.yaml: engine.cpu_affinity[1]: expected an integer >= 0, got -1");
    }

    @Test
    void shouldRejectRepeatedCpuId()
    {
        assertThat(failure("engine:\n  threading: dedicated\n  cpu_affinity: [2, 2]\n")).isEqualTo(
            "test.yaml: engine.cpu_affinity: expected distinct CPU ids, got 2 twice in [2, 2]");
    }

    @Test
    void shouldRejectYesAsBoolean()
    {
        assertThat(failure("journal:\n  enabled: yes\n")).isEqualTo(
            "test.yaml: journal.enabled: expected true or false, got \"yes\"");
    }

    @Test
    void shouldRejectScalarForSection()
    {
        assertThat(failure("engine: fast\n")).isEqualTo(
            "test.yaml: engine: expected a section (indented key: value lines), got \"fast\"");
    }

    @Test
    void shouldRejectTopLevelThatIsNotMapping()
    {
        assertThat(failure("- a\n- b\n")).isEqualTo(
            "test.yaml: expected a mapping (key: value lines) at the top level, got a list");
    }

    @Test
    void shouldReportLineOfYamlSyntaxError()
    {
        assertThat(failure("agent_id: a\nengine:\n  threading: shared\n    wait_strategy: blocking\n"))
            .startsWith("test.yaml: invalid YAML at line 4, column ");
    }

    @Test
    void shouldRejectDuplicateKey()
    {
        assertThat(failure("agent_id: a\nagent_id: b\n")).startsWith("test.yaml: invalid YAML at line 2")
            .contains("duplicate key agent_id");
    }

    @Test
    void shouldReportMissingFile(@TempDir final Path dir)
    {
        final Path file = dir.resolve("absent.yaml");

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(ex.getMessage()).isEqualTo(
            file + ": configuration file not found (looked for " + file.toAbsolutePath().normalize() + ")");
    }

    @Test
    void shouldNameFileInMessage(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("bad.yaml"), "engine:\n  threading: fast\n");

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(ex.getMessage()).startsWith(file + ": engine.threading: ");
        assertThat(ex.keyPath()).isEqualTo("engine.threading");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "agent_id: \"a\\nb\"\n",
        "agent_id: |\n  line one\n  line two\n",
        "engine:\n  threading: [\n",
        "engine: {a: 1, b: [\n",
        "\"unterminated\n",
        "engine:\n  cpu_affinity: [\"x\\ny\"]\n  threading: dedicated\n",
        "a: &x [*x]\n",
        "? [a, b]\n: c\n",
    })
    void shouldKeepEveryMessageOnOneLine(final String yaml)
    {
        assertThat(failure(yaml)).startsWith("test.yaml: ").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void shouldRejectAnUnknownJournalSyncNamingTheAllowedValues()
    {
        assertThat(failure("journal:\n  sync: always\n")).isEqualTo(
            "test.yaml: journal.sync: expected one of [none, checkpoint, every_n_events], got \"always\"");
    }

    @Test
    void shouldRejectAZeroJournalSyncInterval()
    {
        assertThat(failure("journal:\n  sync_every_n_events: 0\n")).startsWith("test.yaml: journal.sync_every_n_events: ");
    }

    @Test
    void shouldSyncEveryNEventsAndAtEachCheckpointWhenAsked()
    {
        final FundingArbConfig config = ConfigLoader.parse("journal:\n  sync: every_n_events\n  sync_every_n_events: 500\n", SOURCE);

        assertThat(config.journal().durability()).isEqualTo(new JournalWriter.Durability(true, 500));
    }

    @Test
    void shouldReadTheOpsSection()
    {
        final OpsConfig ops = ConfigLoader.parse("ops:\n  enabled: false\n  http_port: 9464\n", SOURCE).ops();

        assertThat(ops).isEqualTo(new OpsConfig(false, 9464));
    }

    @Test
    void shouldRejectAnOpsPortOutOfRange()
    {
        assertThat(failure("ops:\n  http_port: 70000\n")).contains("ops.http_port").contains("65535");
    }

    private static String failure(final String yaml)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, SOURCE));
        assertThat(ex.getMessage()).doesNotContain("\n");
        return ex.getMessage();
    }
}
