package io.fundingarb.connectors.bybit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.bybit.BybitInstrument;
import io.fundingarb.connectors.bybit.BybitInstruments;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.simulator.SimRecording;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BybitReplayTest
{
    private static BybitReplay replay()
    {
        return new BybitReplay(SimRecording.of(Recordings.read(Recordings.BYBIT), BybitSimulator::isLinearPublicFrame), 0, List::of);
    }

    @Test
    void shouldMatchOrderBooksOfAnyDepth()
    {
        assertThat(BybitReplay.canonical("orderbook.50.BTCUSDT")).isEqualTo(BybitReplay.canonical("orderbook.200.BTCUSDT"));
        assertThat(BybitReplay.canonical("orderbook.50.BTCUSDT")).isNotEqualTo(BybitReplay.canonical("orderbook.50.ETHUSDT"));
        assertThat(BybitReplay.canonical("tickers.BTCUSDT")).isEqualTo("tickers.BTCUSDT");
    }

    @Test
    void shouldReplayOnlyTheLinearConnection()
    {
        final List<FeedRecording.Record> records = Recordings.read(Recordings.BYBIT);
        final long linear = records.stream().filter(r -> r.kind() == FeedRecording.Kind.FRAME && r.url().endsWith("/v5/public/linear")).count();

        assertThat(replay().replayer().frameCount()).isEqualTo(linear).isLessThan(records.size());
    }

    @Test
    void shouldServeTheRecordedLinearInstruments()
    {
        final String body = replay().onRest(new QueryStringDecoder("/v5/market/instruments-info?category=linear&limit=1000")).body();

        final BybitInstruments.Page page = BybitInstruments.parseInstrumentsInfo(body);
        assertThat(page.category()).isEqualTo("linear");
        assertThat(page.instruments()).extracting(BybitInstrument::symbol).contains("BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT");
    }

    @Test
    void shouldAnswerALaterPageEmpty()
    {
        final String body = replay().onRest(new QueryStringDecoder("/v5/market/instruments-info?category=linear&limit=1000&cursor=abc")).body();

        assertThat(BybitInstruments.parseInstrumentsInfo(body).instruments()).isEmpty();
    }
}
