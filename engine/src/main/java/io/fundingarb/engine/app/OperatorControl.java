package io.fundingarb.engine.app;

import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ControlConfig;
import io.fundingarb.engine.config.OpsConfig;
import io.fundingarb.engine.ops.OpsServer;
import io.fundingarb.engine.ops.OpsSources;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The operator's ways in, for every session that trades (demo, paper, live): the console on the
 * terminal, the control endpoint of {@code control} (when its token variable is set) and the
 * buttons of the ops server's dashboard ({@code ops}; the same token). All go through one
 * {@link OperatorCommands}, so every command enters the inbound ring the same way.
 */
final class OperatorControl
{
    private final FundingArbAgent agent;
    private final ControlConfig config;
    private final String token;
    private final OperatorCommands commands;
    private final Positions positions;

    private OperatorControl(final FundingArbAgent agent, final ControlConfig config, final String token)
    {
        this.agent = agent;
        this.config = config;
        this.token = token;
        this.commands = new OperatorCommands(agent.events(), agent.clock());
        this.positions = new Positions(agent);
    }

    /**
     * The endpoint's token from the environment, checked before anything starts: null when the
     * endpoint is off (disabled, or its variable unset); a token shorter than 16 characters stops
     * the start with one line naming the variable (never its value).
     */
    static String token(final ControlConfig config, final String source, final Function<String, String> env)
    {
        if (!config.enabled())
        {
            return null;
        }
        final String token = env.apply(config.tokenEnv());
        if (token == null || token.isEmpty())
        {
            return null;
        }
        if (token.strip().length() < ControlEndpoint.MIN_TOKEN_LENGTH)
        {
            throw new IllegalArgumentException(source + ": control.token_env: the token in environment variable " + config.tokenEnv()
                + " is shorter than " + ControlEndpoint.MIN_TOKEN_LENGTH + " characters");
        }
        return token.strip();
    }

    static OperatorControl of(final FundingArbAgent agent, final String token)
    {
        return new OperatorControl(agent, agent.config().control(), token);
    }

    OperatorCommands commands()
    {
        return commands;
    }

    Positions positions()
    {
        return positions;
    }

    /** Once the agent runs: the console (when {@code in} is a terminal's) and the endpoint; says where they are. */
    void start(final boolean console, final InputStream in, final PrintStream out)
    {
        if (console)
        {
            agent.addSource(new OperatorConsole(commands, in, out).start());
        }
        if (!config.enabled())
        {
            return;
        }
        if (token == null)
        {
            out.println("control endpoint: off (set " + config.tokenEnv() + " to a token of " + ControlEndpoint.MIN_TOKEN_LENGTH
                + "+ characters to use ./run.sh ctl)");
            return;
        }
        final ControlEndpoint endpoint = ControlEndpoint.start(config.port(), token, config.tokenEnv(), commands, positions, agent.journalDir());
        agent.addSource(endpoint);
        final Path journal = agent.journalDir();
        final boolean found = journal != null && agent.config().journal().dir().toAbsolutePath().equals(journal.toAbsolutePath().getParent());
        out.println("control endpoint: " + endpoint.url() + ", token from " + config.tokenEnv() + ": ./run.sh ctl "
            + (found ? "" : journal != null ? "--journal " + journal + " " : "--url " + endpoint.url() + " ")
            + OperatorCommands.USAGE.replace("<pair>", "PAIR") + " | positions");
    }

    /**
     * Once the agent runs: the ops server of {@code ops} (dashboard, {@code /metrics}) over the
     * session's views and {@code venues}' feeds and gateways, its operator buttons checked against
     * the control token; says where it listens. Null when {@code ops.enabled} is false.
     */
    OpsServer startOps(final String title, final Assembly venues, final Consumer<String> say)
    {
        final OpsConfig ops = agent.config().ops();
        if (!ops.enabled())
        {
            return null;
        }
        final OpsSources sources = new OpsSources(agent, title, agent.config().tokens(), venues.connectors().feeds(), venues::gateways,
            venues.paper() == null ? null : venues.paper()::fills);
        final OpsServer server = OpsServer.start(ops.httpPort(), sources, token, config.tokenEnv(), this::act, agent.journalDir());
        agent.addSource(server);
        say.accept("dashboard " + server.url() + " (Prometheus: curl " + server.url() + "metrics"
            + (token == null ? "; operator buttons off: set " + config.tokenEnv() + " to a token of " + ControlEndpoint.MIN_TOKEN_LENGTH + "+ characters" : "")
            + ")");
        return server;
    }

    /** A dashboard button's command, run as the control endpoint runs it. */
    private OpsServer.Reply act(final String line)
    {
        final OperatorCommands.Outcome outcome = commands.execute(line);
        if (outcome == null || !outcome.sent())
        {
            return new OpsServer.Reply(400, outcome == null ? "operator: empty command; " + OperatorCommands.USAGE : outcome.reply());
        }
        return new OpsServer.Reply(200, outcome.reply() + "\n" + ControlEndpoint.applied(positions, outcome.tsNs()));
    }
}
