package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.engine.config.ControlConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control endpoint's token is checked before anything starts, and never shown. */
class OperatorControlTest
{
    private static final ControlConfig ON = new ControlConfig(true, 0, "MY_TOKEN", Duration.ofSeconds(60));

    @Test
    void shouldLeaveTheEndpointOffWhenTheVariableIsUnset()
    {
        assertThat(OperatorControl.token(ON, "c.yaml", Map.<String, String>of()::get)).isNull();
    }

    @Test
    void shouldLeaveTheEndpointOffWhenDisabled()
    {
        final ControlConfig off = new ControlConfig(false, 0, "MY_TOKEN", Duration.ofSeconds(60));

        assertThat(OperatorControl.token(off, "c.yaml", Map.of("MY_TOKEN", "0123456789abcdefgh")::get)).isNull();
    }

    @Test
    void shouldRefuseAShortTokenNamingTheVariableOnly()
    {
        assertThatThrownBy(() -> OperatorControl.token(ON, "c.yaml", Map.of("MY_TOKEN", "short-secret")::get))
            .hasMessage("c.yaml: control.token_env: the token in environment variable MY_TOKEN is shorter than 16 characters")
            .message().doesNotContain("short-secret");
    }

    @Test
    void shouldReadTheToken()
    {
        assertThat(OperatorControl.token(ON, "c.yaml", Map.of("MY_TOKEN", " 0123456789abcdefgh\n")::get)).isEqualTo("0123456789abcdefgh");
    }
}
