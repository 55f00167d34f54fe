package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinanceBookSyncTest
{
    private final BinanceBookSync sync = new BinanceBookSync(1 << 16);

    @Test
    void shouldBufferUntilTheSnapshot()
    {
        assertThat(sync.onDiff(100, 110, 90)).isEqualTo(BinanceBookSync.BUFFER);
        assertThat(sync.needsSnapshot()).isTrue();
    }

    @Test
    void shouldDropDiffsOlderThanTheSnapshot()
    {
        sync.onSnapshot(200);

        assertThat(sync.onDiff(100, 110, 90)).isEqualTo(BinanceBookSync.DROP);
        assertThat(sync.onDiff(111, 199, 110)).isEqualTo(BinanceBookSync.DROP);
    }

    @Test
    void shouldApplyTheFirstDiffThatStraddlesTheSnapshot()
    {
        sync.onSnapshot(200);

        assertThat(sync.onDiff(195, 205, 190)).isEqualTo(BinanceBookSync.APPLY);
        assertThat(sync.state()).isEqualTo(BinanceBookSync.LIVE);
        assertThat(sync.lastUpdateId()).isEqualTo(205);
    }

    @Test
    void shouldApplyADiffThatContinuesTheSnapshotExactly()
    {
        sync.onSnapshot(200);

        assertThat(sync.onDiff(203, 207, 200)).isEqualTo(BinanceBookSync.APPLY);
    }

    @Test
    void shouldReportAGapWhenTheSnapshotIsTooOld()
    {
        sync.onSnapshot(200);

        assertThat(sync.onDiff(210, 220, 205)).isEqualTo(BinanceBookSync.GAP);
        assertThat(sync.needsSnapshot()).isTrue();
        assertThat(sync.gaps()).isEqualTo(1);
    }

    @Test
    void shouldRequirePuToEqualThePreviousU()
    {
        sync.onSnapshot(200);
        sync.onDiff(195, 205, 190);

        assertThat(sync.onDiff(206, 210, 205)).isEqualTo(BinanceBookSync.APPLY);
        assertThat(sync.onDiff(212, 215, 211)).isEqualTo(BinanceBookSync.GAP);
        assertThat(sync.onDiff(216, 220, 215)).isEqualTo(BinanceBookSync.BUFFER);
    }

    @Test
    void shouldReplayBufferedFramesOldestFirst()
    {
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[] {1, 2, 3});
        sync.buffer(frame, 0, 3, 10);
        sync.buffer(frame, 1, 2, 20);
        final StringBuilder seen = new StringBuilder();

        final int frames = sync.drain((buffer, offset, length, tsInitNs) -> seen.append(length).append('@').append(tsInitNs).append(' '));

        assertThat(frames).isEqualTo(2);
        assertThat(seen.toString()).isEqualTo("3@10 2@20 ");
        assertThat(sync.pendingFrames()).isZero();
    }

    @Test
    void shouldDiscardBufferedFramesWhenTheBoundIsReached()
    {
        final BinanceBookSync small = new BinanceBookSync(64);
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[40]);

        small.buffer(frame, 0, 40, 1);
        small.buffer(frame, 0, 40, 2);

        assertThat(small.pendingFrames()).isEqualTo(1);
        assertThat(small.pendingOverflows()).isEqualTo(1);
    }
}
