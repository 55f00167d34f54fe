package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.bybit.BybitSubscriptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamLivenessTest
{
    private static final long SEC = 1_000_000_000L;
    private static final long ACK_TIMEOUT = 5 * SEC;

    private final List<String> sent = new ArrayList<>();
    private final BybitSubscriptions protocol = new BybitSubscriptions(List.of("tickers.BTCUSDT", "orderbook.50.BTCUSDT"), new long[] {10 * SEC, 5 * SEC});
    private final StreamLiveness liveness = new StreamLiveness(protocol, ACK_TIMEOUT);

    private void data(final int stream, final long nowNs)
    {
        if (liveness.onData(stream))
        {
            liveness.onDataChange(stream, nowNs);
        }
    }

    /** Open at 0, both subscriptions acknowledged at 1 s, data on both at 2 s. */
    private void flowing()
    {
        liveness.onOpen(0, sent::add);
        liveness.onAck(1, true, "", SEC);
        data(0, 2 * SEC);
        data(1, 2 * SEC);
    }

    @Test
    void shouldSubscribeEveryStreamOnOpenWithARequestId()
    {
        liveness.onOpen(0, sent::add);
        assertThat(sent).containsExactly("{\"op\":\"subscribe\",\"args\":[\"tickers.BTCUSDT\",\"orderbook.50.BTCUSDT\"],\"req_id\":\"1\"}");
    }

    @Test
    void shouldNotBeReadyBeforeTheAck()
    {
        liveness.onOpen(0, sent::add);
        data(0, SEC);
        data(1, SEC);
        assertThat(liveness.ready()).isFalse();
        assertThat(liveness.detail()).isEqualTo("awaiting 2 subscribe acks");
    }

    @Test
    void shouldNotBeReadyUntilEveryStreamCarriedData()
    {
        liveness.onOpen(0, sent::add);
        liveness.onAck(1, true, "", SEC);
        data(0, 2 * SEC);
        assertThat(liveness.ready()).isFalse();
        data(1, 2 * SEC);
        assertThat(liveness.ready()).isTrue();
    }

    @Test
    void shouldIgnoreAnAckOfAnotherRequest()
    {
        liveness.onOpen(0, sent::add);
        assertThat(liveness.onAck(99, true, "", SEC)).isZero();
    }

    @Test
    void shouldResubscribeAStreamSilentBeyondItsCadenceAndNameIt()
    {
        flowing();
        sent.clear();
        data(0, 6 * SEC);
        assertThat(liveness.check(6 * SEC, sent::add)).isEqualTo(StreamLiveness.NONE);
        assertThat(liveness.check(7 * SEC, sent::add)).isEqualTo(StreamLiveness.RESUBSCRIBED);
        assertThat(liveness.silentCount()).isEqualTo(1);
        assertThat(liveness.detail()).isEqualTo("no data: orderbook.50.BTCUSDT");
        assertThat(sent).containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[\"orderbook.50.BTCUSDT\"],\"req_id\":\"3\"}",
            "{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"],\"req_id\":\"2\"}");
    }

    @Test
    void shouldBeReadyAgainWhenTheSilentStreamCarriesData()
    {
        flowing();
        liveness.check(7 * SEC, sent::add);
        liveness.onAck(2, true, "", 7 * SEC);
        data(1, 8 * SEC);
        assertThat(liveness.silentCount()).isZero();
        assertThat(liveness.ready()).isTrue();
    }

    @Test
    void shouldRecycleWhenTheResubscribeDoesNotRestoreData()
    {
        flowing();
        data(0, 7 * SEC);
        liveness.check(7 * SEC, sent::add);
        liveness.onAck(2, true, "", 7 * SEC);
        data(0, 11 * SEC);
        assertThat(liveness.check(11 * SEC, sent::add)).isEqualTo(StreamLiveness.NONE);
        assertThat(liveness.check(12 * SEC, sent::add)).isEqualTo(StreamLiveness.RECYCLE);
    }

    @Test
    void shouldNotCountPingsAsDataSoOnlyTheStreamsClockMatters()
    {
        flowing();
        // pongs and acks never reach onData: nothing but time passes
        assertThat(liveness.check(13 * SEC, sent::add)).isEqualTo(StreamLiveness.RESUBSCRIBED);
        assertThat(liveness.silentCount()).isEqualTo(2);
    }

    @Test
    void shouldMarkARefusedSubscriptionSilentWithTheVenuesWords()
    {
        liveness.onOpen(0, sent::add);
        liveness.onAck(1, false, "error:handler not found,topic:tickers.BTCUSDT", SEC);
        assertThat(liveness.silentCount()).isEqualTo(2);
        assertThat(liveness.hasRefused()).isTrue();
        assertThat(liveness.detail()).startsWith("subscribe refused: error:handler not found,topic:tickers.BTCUSDT: tickers.BTCUSDT");
    }

    @Test
    void shouldSendRefusedSubscriptionsAgainOnRetry()
    {
        liveness.onOpen(0, sent::add);
        liveness.onAck(1, false, "no", SEC);
        sent.clear();
        liveness.retryRefused(2 * SEC, sent::add);
        assertThat(sent).containsExactly("{\"op\":\"subscribe\",\"args\":[\"tickers.BTCUSDT\",\"orderbook.50.BTCUSDT\"],\"req_id\":\"2\"}");
        assertThat(liveness.hasRefused()).isFalse();
    }

    @Test
    void shouldResendAnUnansweredSubscribeThenRecycle()
    {
        liveness.onOpen(0, sent::add);
        assertThat(liveness.check(ACK_TIMEOUT, sent::add)).isEqualTo(StreamLiveness.RESUBSCRIBED);
        assertThat(liveness.detail()).startsWith("no answer to the subscribe of");
        assertThat(liveness.check(2 * ACK_TIMEOUT, sent::add)).isEqualTo(StreamLiveness.RECYCLE);
    }

    @Test
    void shouldNeverJudgeAStreamWithoutSilenceSilent()
    {
        final StreamLiveness quiet = new StreamLiveness(new BybitSubscriptions(List.of("tickers.BTCUSDT"), new long[] {0}), ACK_TIMEOUT);
        quiet.onOpen(0, sent::add);
        quiet.onAck(1, true, "", 0);
        if (quiet.onData(0))
        {
            quiet.onDataChange(0, 0);
        }
        assertThat(quiet.check(3_600 * SEC, sent::add)).isEqualTo(StreamLiveness.NONE);
    }

    @Test
    void shouldNotWaitForDataOfAStreamWithoutSilence()
    {
        final StreamLiveness quiet = new StreamLiveness(
            new BybitSubscriptions(List.of("tickers.BTCUSDT", "orderbook.50.BTCUSDT"), new long[] {SEC, 0}), ACK_TIMEOUT);
        quiet.onOpen(0, sent::add);
        quiet.onAck(1, true, "", 0);
        if (quiet.onData(0))
        {
            quiet.onDataChange(0, 0);
        }
        assertThat(quiet.ready()).isTrue();
    }

    @Test
    void shouldTakeStreamsNamedInTheUrlAsAcknowledgedByTheHandshake()
    {
        final StreamLiveness binance = new StreamLiveness(
            new io.fundingarb.connectors.binance.BinanceSubscriptions(List.of("btcusdt@markPrice@1s"), new long[] {SEC}), ACK_TIMEOUT);
        binance.onOpen(0, sent::add);
        assertThat(sent).isEmpty();
        if (binance.onData(0))
        {
            binance.onDataChange(0, 0);
        }
        assertThat(binance.ready()).isTrue();
    }
}
