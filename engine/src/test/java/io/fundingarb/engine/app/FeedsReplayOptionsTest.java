package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedsReplayOptionsTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldGroupReplayFilesByVenue() throws Exception
    {
        final Path ws = Files.writeString(tmp.resolve("ws.txt"), "{}");
        final Path depth = Files.writeString(tmp.resolve("depth.txt"), "{}");
        final Path bybit = Files.writeString(tmp.resolve("bybit.jsonl"), "{}");

        final Map<String, List<Path>> files = FeedsCommand.parseReplay(List.of("Binance=" + ws + "," + depth, "bybit=" + bybit));

        assertThat(files).containsExactly(Map.entry("binance", List.of(ws, depth)), Map.entry("bybit", List.of(bybit)));
    }

    @Test
    void shouldRefuseAReplayWithoutAVenue()
    {
        assertThatThrownBy(() -> FeedsCommand.parseReplay(List.of("session.jsonl")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("VENUE=FILE");
    }

    @Test
    void shouldRefuseAMissingReplayFile()
    {
        assertThatThrownBy(() -> FeedsCommand.parseReplay(List.of("bybit=" + tmp.resolve("missing.jsonl"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cannot read");
    }

    @Test
    void shouldReadMaxAndZeroAsFullSpeed()
    {
        assertThat(FeedsCommand.parseSpeed("max")).isZero();
        assertThat(FeedsCommand.parseSpeed("0")).isZero();
        assertThat(FeedsCommand.parseSpeed("12.5")).isEqualTo(12.5);
    }

    @Test
    void shouldRefuseANegativeSpeed()
    {
        assertThatThrownBy(() -> FeedsCommand.parseSpeed("-2")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--speed");
    }

    @Test
    void shouldRefuseToReplayAVenueWithoutASimulator()
    {
        assertThatThrownBy(() -> SimulatedVenues.replaying(Map.of("okx", List.of(tmp)), 1, io.fundingarb.connectors.simulator.SimulatorConfig.defaults()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("binance or bybit");
    }
}
