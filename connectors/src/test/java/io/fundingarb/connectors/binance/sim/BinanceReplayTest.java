package io.fundingarb.connectors.binance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.binance.BinanceInstrument;
import io.fundingarb.connectors.binance.BinanceInstruments;
import io.fundingarb.connectors.binance.BinanceReferenceBooks;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimRecording;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceReplayTest
{
    private static final QueryStringDecoder SUSHI_DEPTH = new QueryStringDecoder("/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000");

    private static List<FeedRecording.Record> records2021()
    {
        final List<FeedRecording.Record> records = new ArrayList<>(Recordings.read(Recordings.BINANCE_WS));
        records.addAll(Recordings.read(Recordings.BINANCE_DEPTH));
        records.addAll(Recordings.read(Recordings.BINANCE_EXCHANGE_INFO));
        return records;
    }

    private static BinanceReplay replay(final List<FeedRecording.Record> records)
    {
        return new BinanceReplay(SimRecording.of(records, r -> true), 0, List::of);
    }

    @Test
    void shouldMatchStreamsWithoutTheirUpdateSpeed()
    {
        assertThat(BinanceReplay.canonical("btcusdt@depth@100ms")).isEqualTo("btcusdt@depth");
        assertThat(BinanceReplay.canonical("btcusdt@depth@0ms")).isEqualTo("btcusdt@depth");
        assertThat(BinanceReplay.canonical("btcusdt@markPrice@1s")).isEqualTo("btcusdt@markPrice");
        assertThat(BinanceReplay.canonical("sushiusdt@kline_1m")).isEqualTo("sushiusdt@kline_1m");
        assertThat(BinanceReplay.canonical("btcusdt@depth20@100ms")).isEqualTo("btcusdt@depth20");
    }

    @Test
    void shouldServeTheRecordedSnapshotWhileTheTimelineIsBeforeIt()
    {
        final BinanceReplay replay = replay(records2021());
        replay.replayer().begin(0);

        final RestReply reply = replay.onRest(SUSHI_DEPTH);

        assertThat(reply.body()).isEqualTo(Recordings.read(Recordings.BINANCE_DEPTH).get(0).text());
        assertThat(reply.delayMs()).isZero();
    }

    @Test
    void shouldServeARebuiltSnapshotThatTheNextDiffContinuesOnceTheRecordedOneIsPast()
    {
        final List<FeedRecording.Record> records = records2021();
        final BinanceReplay replay = replay(records);
        replay.replayer().begin(0);
        while (replay.replayer().pump(0) == 0)
        {
            // max speed, no subscriber: the whole recording
        }

        final BinanceInstruments.DepthSnapshot snapshot = BinanceInstruments.parseDepthSnapshot(replay.onRest(SUSHI_DEPTH).body());

        final NaiveBook reference = BinanceReferenceBooks.of(records).get("SUSHIUSDT");
        assertThat(snapshot.lastUpdateId()).isEqualTo(reference.sequence);
        assertThat(snapshot.bids().length).isEqualTo(1000);
        for (int i = 0; i < 500; i++)
        {
            assertThat(snapshot.bids()[i]).containsExactly(reference.top(true, 500).get(i));
            assertThat(snapshot.asks()[i]).containsExactly(reference.top(false, 500).get(i));
        }
    }

    @Test
    void shouldServeTheRecordedExchangeInfo()
    {
        final BinanceReplay replay = replay(records2021());

        assertThat(replay.onRest(new QueryStringDecoder("/fapi/v1/exchangeInfo")).body())
            .isEqualTo(Recordings.read(Recordings.BINANCE_EXCHANGE_INFO).get(0).text());
    }

    @Test
    void shouldDeriveAnExchangeInfoFromTheFramesWhenNoneIsRecorded()
    {
        final BinanceReplay replay = replay(Recordings.read(Recordings.BINANCE_HFT));

        final List<BinanceInstrument> instruments = BinanceInstruments.parseExchangeInfo(replay.onRest(new QueryStringDecoder("/fapi/v1/exchangeInfo")).body());

        assertThat(instruments).hasSize(1);
        final BinanceInstrument btc = instruments.get(0);
        assertThat(btc.symbol()).isEqualTo("BTCUSDT");
        assertThat(btc.isTradablePerpetual()).isTrue();
        assertThat(btc.baseAsset()).isEqualTo("BTC");
        assertThat(btc.quoteAsset()).isEqualTo("USDT");
        assertThat(btc.tickSize()).isEqualTo(FixedPoint.parse("0.01"));
        assertThat(btc.stepSize()).isEqualTo(FixedPoint.parse("0.001"));
    }

    @Test
    void shouldServeTheSnapshotRecordedAmongTheFramesOfAnHftbacktestFile()
    {
        final List<FeedRecording.Record> records = Recordings.read(Recordings.BINANCE_HFT);
        final BinanceReplay replay = replay(records);
        replay.replayer().begin(0);

        final String body = replay.onRest(new QueryStringDecoder("/fapi/v1/depth?symbol=BTCUSDT&limit=1000")).body();

        assertThat(body).isEqualTo(records.stream().filter(r -> r.text().startsWith("{\"lastUpdateId\"")).findFirst().orElseThrow().text());
    }

    @Test
    void shouldLeaveAnUnknownSymbolToTheScenarioRoute()
    {
        assertThat(replay(records2021()).onRest(new QueryStringDecoder("/fapi/v1/depth?symbol=NOPEUSDT"))).isNull();
    }
}
