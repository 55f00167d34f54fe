package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimBookTest
{
    private final SimInstrument btc = SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000");

    @Test
    void shouldKeepLadderOfLevelsAroundTouch()
    {
        final SimBook book = new SimBook(btc, 10, new Random(1), 100);
        book.step(650_000);
        assertThat(book.bids(100)).hasSize(10);
        assertThat(book.bestBid().priceTicks()).isEqualTo(650_000);
        assertThat(book.bestAsk().priceTicks()).isEqualTo(650_001);
    }

    @Test
    void shouldCoverUpdateIdsOfStepsSinceLastDrain()
    {
        final SimBook book = new SimBook(btc, 5, new Random(1), 100);
        book.step(650_000);
        book.drain();
        book.step(650_003);
        book.step(649_998);
        final SimBook.Diff diff = book.drain();
        assertThat(diff.firstUpdateId()).isEqualTo(102);
        assertThat(diff.lastUpdateId()).isEqualTo(103);
        assertThat(book.drain()).isNull();
    }

    @Test
    void shouldRebuildSameBookFromSnapshotPlusDiffs()
    {
        final SimBook book = new SimBook(btc, 8, new Random(9), 0);
        book.step(650_000);
        book.drain();
        final TreeMap<Long, Long> bids = new TreeMap<>();
        book.bids(100).forEach(l -> bids.put(l.priceTicks(), l.lots()));
        final Random walk = new Random(2);
        for (int i = 0; i < 200; i++)
        {
            book.step(650_000 + walk.nextInt(21) - 10);
            book.drain().bids().forEach(l ->
            {
                if (l.lots() == 0)
                {
                    bids.remove(l.priceTicks());
                }
                else
                {
                    bids.put(l.priceTicks(), l.lots());
                }
            });
        }
        final TreeMap<Long, Long> expected = new TreeMap<>();
        book.bids(100).forEach(l -> expected.put(l.priceTicks(), l.lots()));
        assertThat(bids).isEqualTo(expected);
    }

    @Test
    void shouldBeDeterministicForSameSeed()
    {
        final SimBook a = new SimBook(btc, 8, new Random(4), 0);
        final SimBook b = new SimBook(btc, 8, new Random(4), 0);
        for (int i = 0; i < 50; i++)
        {
            a.step(650_000 + i % 7);
            b.step(650_000 + i % 7);
        }
        assertThat(a.bids(8)).isEqualTo(b.bids(8));
        assertThat(a.asks(8)).isEqualTo(b.asks(8));
    }
}
