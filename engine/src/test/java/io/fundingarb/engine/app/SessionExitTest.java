package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.RiskViews;
import io.fundingarb.engine.stage.TradingState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The end of a paper or live session: keep lists what is left per venue; flatten waits, bounded, and reports the residual. */
@Timeout(30)
class SessionExitTest
{
    private static final long T0 = 1_000_000_000L;

    private final RiskView view = new RiskView(64);
    private final Positions positions = new Positions(view, new MarketView(16, 5), 16, 5);
    private final OperatorProbe probe = new OperatorProbe();
    private final AtomicLong clock = new AtomicLong(T0);
    private final OperatorCommands commands = new OperatorCommands(probe.sink, clock::get);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void onePairOpen()
    {
        RiskViews.onePair(view, T0 - 1, 4, 1, Venue.BYBIT.value(), Venue.BINANCE.value(), FixedPoint.parse("0.5"),
            FixedPoint.parse("2000"), FixedPoint.parse("2001"));
    }

    @Test
    void shouldFlattenAndWaitUntilTheEngineIsFlat()
    {
        probe.on(OperatorAction.FLATTEN, tsNs -> RiskViews.flat(view, TradingState.REDUCING, tsNs));
        final SessionExit exit = exit(SessionExit.Policy.FLATTEN, Duration.ofSeconds(10), null);

        exit.beforeClose();
        exit.report(out);

        assertThat(probe.seen).containsExactly(OperatorAction.FLATTEN + ":0@" + T0);
        assertThat(text()).containsPattern("on exit +flatten: flat after [0-9.]+ s \\(no open pairs\\)");
        assertThat(exit.exitCode()).isEqualTo(Main.EXIT_OK);
    }

    @Test
    void shouldNotCallAStaleViewFlat()
    {
        RiskViews.flat(view, TradingState.ACTIVE, T0 - 1); // flat, but from before the FLATTEN: not an answer to it
        final SessionExit exit = exit(SessionExit.Policy.FLATTEN, Duration.ofSeconds(1), null);

        exit.beforeClose();
        exit.report(out);

        assertThat(text()).contains("flatten: NOT FLAT after");
        assertThat(exit.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
    }

    @Test
    void shouldReportTheResidualPerVenueAndFailWhenNotFlatInTime()
    {
        final SessionExit exit = exit(SessionExit.Policy.FLATTEN, Duration.ofSeconds(1), null);

        exit.beforeClose();
        exit.report(out);

        assertThat(text()).contains("on exit              flatten: NOT FLAT after 1.")
            .contains("(--flatten-timeout 1s); residual at the venues:")
            .contains("  #4 #1 qty 0.5 | long bybit @ 2000 | short binance @ 2001")
            .containsPattern("(?m)^    binance +#1 -0.5 \\(1000.50 USD\\)$")
            .containsPattern("(?m)^    bybit +#1 \\+0.5 \\(1000.00 USD\\)$");
        assertThat(exit.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
    }

    @Test
    void shouldKeepThePositionsAndSayHowToCloseThemNextTime()
    {
        final SessionExit exit = exit(SessionExit.Policy.KEEP, Duration.ofSeconds(1), null);

        exit.beforeClose();
        exit.report(out);

        assertThat(probe.seen).isEmpty();
        assertThat(text()).contains("on exit              keep: positions left open at the venues:")
            .containsPattern("(?m)^    bybit +#1 \\+0.5")
            .contains("./run.sh ctl flatten")
            .doesNotContain("--resume");
        assertThat(exit.exitCode()).isEqualTo(Main.EXIT_OK);
    }

    @Test
    void shouldNameTheResumeCommandWhenThereIsOne()
    {
        final SessionExit exit = exit(SessionExit.Policy.KEEP, Duration.ofSeconds(1), "./run.sh live --resume data/journal/x");

        exit.report(out);

        assertThat(text()).contains("to resume:           ./run.sh live --resume data/journal/x").doesNotContain("ctl flatten");
    }

    @Test
    void shouldSendNothingWhenTheEngineNeverStarted()
    {
        final SessionExit exit = new SessionExit(SessionExit.Policy.FLATTEN, Duration.ofSeconds(10), commands, positions, "at the venues", null);

        exit.beforeClose();

        assertThat(probe.seen).isEmpty();
        assertThat(exit.exitCode()).isEqualTo(Main.EXIT_OK);
    }

    @Test
    void shouldRefuseAnUnknownPolicy()
    {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionExit.Policy.parse("close"))
            .hasMessage("--on-exit: expected keep or flatten, got \"close\"");
    }

    private SessionExit exit(final SessionExit.Policy policy, final Duration timeout, final String resume)
    {
        final SessionExit exit = new SessionExit(policy, timeout, commands, positions, "at the venues", resume);
        exit.engineStarted();
        return exit;
    }

    private String text()
    {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
