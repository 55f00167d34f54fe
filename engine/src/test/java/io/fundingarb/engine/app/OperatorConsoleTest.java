package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.OperatorAction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator commands typed at the console become OperatorCommand events; bad input gets a clear answer. */
class OperatorConsoleTest
{
    private final OperatorProbe probe = new OperatorProbe();
    private final List<String> seen = probe.seen;
    private final OperatorConsole console = new OperatorConsole(
        new OperatorCommands(probe.sink, () -> 42L), new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void shouldPublishEachCommandStampedWithTheEngineClock()
    {
        console.execute("pause");
        console.execute("  RESUME ");
        console.execute("close #7");
        console.execute("kill");

        assertThat(seen).containsExactly(
            OperatorAction.PAUSE + ":0@42", OperatorAction.RESUME + ":0@42", OperatorAction.CLOSE_PAIR + ":7@42", OperatorAction.KILL + ":0@42");
    }

    @Test
    void shouldPublishFlattenAsItsOwnAction()
    {
        final String reply = console.execute("Flatten");

        assertThat(seen).containsExactly(OperatorAction.FLATTEN + ":0@42");
        assertThat(reply).isEqualTo("operator: flatten sent (close every position, no new entries until resume)");
    }

    @Test
    void shouldListFlattenInItsHelp()
    {
        assertThat(OperatorConsole.HELP).contains("flatten");
    }

    @Test
    void shouldAnswerBadInputWithoutPublishing()
    {
        assertThat(console.execute("close")).contains("usage: close <pair number>");
        assertThat(console.execute("halt")).contains("unknown command").contains("pause | resume");
        assertThat(console.execute("pause now")).contains("unknown command");
        assertThat(console.execute("   ")).isNull();
        assertThat(seen).isEmpty();
    }
}
