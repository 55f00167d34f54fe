package io.fundingarb.engine.app;

import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ControlConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The operator's ways in, for every session that trades (demo, paper, live): the console on the
 * terminal and the control endpoint of {@code control} (when its token variable is set). Both go
 * through one {@link OperatorCommands}, so every command enters the inbound ring the same way.
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
}
