package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceWsLayoutTest
{
    private static final String BASE = "wss://venue.example";

    @Test
    void shouldPutMarkPriceStreamsOnMarketPathWhenSplit()
    {
        final List<URI> uris = BinanceFeed.streamUris(BASE, BinanceWsLayout.SPLIT, List.of("BTCUSDT", "ETHUSDT"));
        assertThat(uris.get(0)).hasToString("wss://venue.example/market/stream?streams=btcusdt@markPrice@1s/ethusdt@markPrice@1s");
    }

    @Test
    void shouldPutDepthStreamsOnPublicPathWhenSplit()
    {
        final List<URI> uris = BinanceFeed.streamUris(BASE, BinanceWsLayout.SPLIT, List.of("BTCUSDT", "ETHUSDT"));
        assertThat(uris).hasSize(2);
        assertThat(uris.get(1)).hasToString("wss://venue.example/public/stream?streams=btcusdt@depth@100ms/ethusdt@depth@100ms");
    }

    @Test
    void shouldPutEveryStreamOnOneLegacyPathWhenCombined()
    {
        final List<URI> uris = BinanceFeed.streamUris(BASE, BinanceWsLayout.COMBINED, List.of("BTCUSDT"));
        assertThat(uris).containsExactly(URI.create("wss://venue.example/stream?streams=btcusdt@markPrice@1s/btcusdt@depth@100ms"));
    }

    @Test
    void shouldIgnoreTrailingSlashOfBase()
    {
        assertThat(BinanceWsLayout.streamUri("ws://127.0.0.1:9000/", BinanceWsLayout.PUBLIC_PREFIX, List.of("btcusdt@depth@100ms")))
            .hasToString("ws://127.0.0.1:9000/public/stream?streams=btcusdt@depth@100ms");
    }

    @Test
    void shouldPutUserDataOnPrivatePathWithListenKeyQueryWhenSplit()
    {
        assertThat(BinanceWsLayout.SPLIT.userDataPath("abc123")).isEqualTo("/private/ws?listenKey=abc123");
    }

    @Test
    void shouldPutUserDataOnLegacyWsPathWhenCombined()
    {
        assertThat(BinanceWsLayout.COMBINED.userDataPath("abc123")).isEqualTo("/ws/abc123");
    }

    @Test
    void shouldClassifyBookStreamsAsPublic()
    {
        assertThat(BinanceWsLayout.isPublicStream("btcusdt@depth@100ms")).isTrue();
        assertThat(BinanceWsLayout.isPublicStream("btcusdt@depth20@100ms")).isTrue();
        assertThat(BinanceWsLayout.isPublicStream("btcusdt@bookTicker")).isTrue();
        assertThat(BinanceWsLayout.isPublicStream("!bookTicker")).isTrue();
    }

    @Test
    void shouldClassifyMarkPriceAndTradesAsMarket()
    {
        assertThat(BinanceWsLayout.isPublicStream("btcusdt@markPrice@1s")).isFalse();
        assertThat(BinanceWsLayout.isPublicStream("!markPrice@arr@1s")).isFalse();
        assertThat(BinanceWsLayout.isPublicStream("btcusdt@aggTrade")).isFalse();
    }
}
