package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.RiskViews;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a session prints when reconciliation finds venue positions the journal does not explain, or a venue stays silent. */
class ReconcileNoticeTest
{
    private static final long SECOND = 1_000_000_000L;

    private final RiskView view = new RiskView(64);
    private final SymbolTable symbols = new SymbolTable();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ReconcileNotice notice = new ReconcileNotice(view, symbols, "./run.sh live --resume data/journal/20261206-101010",
        "./run.sh live --unwind-orphans");

    private String printed()
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNameEachPositionAndBothWaysOutOnAFrozenStart()
    {
        final int btc = symbols.instrumentId(Venue.BINANCE, "BTCUSDT");
        RiskViews.found(view, SECOND, Venue.BINANCE.value(), btc, FixedPoint.parse("-0.015"), true, 0);

        notice.check(out, 30 * SECOND);

        assertThat(printed()).contains("venue position not in the journal: binance BTCUSDT -0.015")
            .contains("NO ORDERS").contains("./run.sh live --resume data/journal/20261206-101010").contains("./run.sh live --unwind-orphans");
    }

    @Test
    void shouldPrintEachFindingOnce()
    {
        RiskViews.found(view, SECOND, Venue.BYBIT.value(), 7, FixedPoint.parse("0.3"), false, 0);

        notice.check(out, 30 * SECOND);
        notice.check(out, 30 * SECOND);

        assertThat(printed().split("venue position not in the journal", -1)).hasSize(2);
    }

    @Test
    void shouldNameTheVenuesStillSilentAfterTheTimeout()
    {
        final int pending = 1 << Venue.BYBIT.value();
        RiskViews.found(view, SECOND, Venue.BYBIT.value(), 7, 0, false, pending);
        notice.check(out, 30 * SECOND);
        RiskViews.found(view, 32 * SECOND, Venue.BYBIT.value(), 7, 0, false, pending);

        notice.check(out, 30 * SECOND);

        assertThat(printed()).contains("reconciliation: no positions yet from bybit");
    }
}
