package io.fundingarb.engine.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole configuration of one engine process, read once at startup by {@link ConfigLoader}.
 *
 * @param agentId   {@code agent_id}: the name of this engine instance, used in journal and log names.
 * @param agentType {@code agent_type}: the kind of agent; only {@value #AGENT_TYPE} exists.
 * @param mode      {@code mode}: what the embedded agent runs ({@link AgentMode}; the command line's subcommand decides for itself).
 * @param tokens    {@code tokens}: base assets to trade (upper case); each venue's feed defines the ones it lists.
 * @param engine    the {@code engine} section.
 * @param journal   the {@code journal} section.
 * @param strategy  the {@code strategy} section.
 * @param risk      the {@code risk} section.
 * @param execution the {@code execution} section.
 * @param venues    the {@code venues} section.
 * @param demo      the {@code demo} section.
 * @param paper     the {@code paper} section.
 * @param control   the {@code control} section.
 * @param recovery  the {@code recovery} section.
 * @param backtest  the {@code backtest} section.
 * @param ops       the {@code ops} section.
 * @param sourceText the YAML text it was read from ("" for the defaults), which a session journals for replay.
 */
public record FundingArbConfig(
    String agentId, String agentType, AgentMode mode, List<String> tokens, EngineConfig engine, JournalConfig journal, StrategyConfig strategy,
    RiskConfig risk, ExecutionConfig execution, VenuesConfig venues, DemoConfig demo, PaperConfig paper,
    ControlConfig control, RecoveryConfig recovery, BacktestConfig backtest, OpsConfig ops, String sourceText)
{
    /**
     * The only accepted {@code agent_type}.
     */
    public static final String AGENT_TYPE = "FundingArbAgent";

    private static final int AGENT_ID_MAX_LENGTH = 64;
    /** The default {@code tokens}: liquid perpetuals listed on most venues. */
    public static final List<String> DEFAULT_TOKENS = List.of("BTC", "ETH", "SOL", "DOGE", "XRP", "LINK", "AVAX", "SUI", "WIF", "TIA");

    private static final int MAX_TOKENS = 1_000;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,20}");
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1," + AGENT_ID_MAX_LENGTH + "}");

    /**
     * Null checks; validation is done by {@link #from(ConfigNode)}.
     */
    public FundingArbConfig
    {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(agentType, "agentType");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sourceText, "sourceText");
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(venues, "venues");
        Objects.requireNonNull(demo, "demo");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(backtest, "backtest");
        Objects.requireNonNull(ops, "ops");
    }

    /** The same configuration with other {@code tokens} (e.g. those a replayed recording streams). */
    public FundingArbConfig withTokens(final List<String> tokens)
    {
        return new FundingArbConfig(agentId, agentType, mode, tokens, engine, journal, strategy, risk, execution, venues, demo, paper, control, recovery, backtest, ops,
            sourceText);
    }

    /** Equal when every setting is: the text it was read from (comments, order, spelling) takes no part. */
    @Override
    public boolean equals(final Object other)
    {
        return this == other || (other instanceof FundingArbConfig && settings().equals(((FundingArbConfig)other).settings()));
    }

    @Override
    public int hashCode()
    {
        return settings().hashCode();
    }

    private List<Object> settings()
    {
        return List.of(agentId, agentType, mode, tokens, engine, journal, strategy, risk, execution, venues, demo, paper, control, recovery, backtest, ops);
    }

    /** The same configuration, read from {@code text}. */
    public FundingArbConfig withSourceText(final String text)
    {
        return new FundingArbConfig(agentId, agentType, mode, tokens, engine, journal, strategy, risk, execution, venues, demo, paper, control, recovery, backtest, ops,
            text);
    }

    /**
     * Reads and validates the whole document, then fails on any unknown key anywhere in it.
     *
     * @param root the root node of the document.
     * @return the validated configuration.
     */
    public static FundingArbConfig from(final ConfigNode root)
    {
        final String agentId = root.string("agent_id", "fundingarb_agent_01");
        final String agentType = root.string("agent_type", AGENT_TYPE);
        final AgentMode mode = root.enumValue("mode", AgentMode.class, AgentMode.DEMO);
        final List<String> tokens = root.stringList("tokens", DEFAULT_TOKENS);
        final EngineConfig engine = EngineConfig.from(root.section("engine"));
        final JournalConfig journal = JournalConfig.from(root.section("journal"));
        final StrategyConfig strategy = StrategyConfig.from(root.section("strategy"));
        final RiskConfig risk = RiskConfig.from(root.section("risk"));
        final ExecutionConfig execution = ExecutionConfig.from(root.section("execution"));
        final VenuesConfig venues = VenuesConfig.from(root.section("venues"));
        final DemoConfig demo = DemoConfig.from(root.section("demo"));
        final PaperConfig paper = PaperConfig.from(root.section("paper"));
        final ControlConfig control = ControlConfig.from(root.section("control"));
        final RecoveryConfig recovery = RecoveryConfig.from(root.section("recovery"));
        final BacktestConfig backtest = BacktestConfig.from(root.section("backtest"));
        final OpsConfig ops = OpsConfig.from(root.section("ops"));

        if (agentId.length() > AGENT_ID_MAX_LENGTH)
        {
            throw root.fail("agent_id", "expected at most " + AGENT_ID_MAX_LENGTH + " characters, got " +
                agentId.length());
        }
        if (!AGENT_ID.matcher(agentId).matches())
        {
            throw root.invalid("agent_id", "1 to 64 characters from A-Z a-z 0-9 _ . -");
        }
        if (!AGENT_TYPE.equals(agentType))
        {
            throw root.invalid("agent_type", "\"" + AGENT_TYPE + "\" (the only agent type)");
        }
        final Set<String> distinct = new LinkedHashSet<>();
        for (final String token : tokens)
        {
            if (!TOKEN.matcher(token).matches())
            {
                throw root.fail("tokens", "expected token names of 1 to 20 letters or digits such as BTC, got \"" + token + "\"");
            }
            if (!distinct.add(token.toUpperCase(Locale.ROOT)))
            {
                throw root.fail("tokens", "\"" + token + "\" is listed twice");
            }
        }
        if (distinct.size() > MAX_TOKENS)
        {
            throw root.fail("tokens", "expected at most " + MAX_TOKENS + " tokens, got " + distinct.size());
        }
        root.finish();

        return new FundingArbConfig(agentId, agentType, mode, List.copyOf(distinct), engine, journal, strategy, risk, execution, venues, demo, paper, control, recovery, backtest, ops,
            "");
    }
}
