package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimReplayerTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BEGIN_NS = 1_000 * MS;

    private final List<Integer> delivered = new ArrayList<>();

    private static List<SimRecording.Frame> frames(final long... offsetsMs)
    {
        final List<SimRecording.Frame> frames = new ArrayList<>();
        for (final long offsetMs : offsetsMs)
        {
            frames.add(new SimRecording.Frame(1_700_000_000_000_000_000L + offsetMs * MS, "{\"at\":" + offsetMs + "}", "test"));
        }
        return frames;
    }

    private SimReplayer replayer(final List<SimRecording.Frame> frames, final double speed)
    {
        final SimReplayer replayer = new SimReplayer(frames, speed, (index, frame) ->
        {
            delivered.add(index);
            return SimReplayer.DELIVERED;
        });
        replayer.begin(BEGIN_NS);
        return replayer;
    }

    @Test
    void shouldHoldEachFrameUntilItsRecordedOffsetDividedBySpeed()
    {
        final SimReplayer replayer = replayer(frames(0, 100, 300), 2);

        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(50 * MS);
        assertThat(delivered).containsExactly(0);
        assertThat(replayer.pump(BEGIN_NS + 49 * MS)).isEqualTo(MS);
        assertThat(delivered).containsExactly(0);
        assertThat(replayer.pump(BEGIN_NS + 50 * MS)).isEqualTo(100 * MS);
        assertThat(delivered).containsExactly(0, 1);
    }

    @Test
    void shouldSendFramesDueTogetherInOnePump()
    {
        final SimReplayer replayer = replayer(frames(0, 10, 20, 500), 1);

        assertThat(replayer.pump(BEGIN_NS + 25 * MS)).isEqualTo(475 * MS);
        assertThat(delivered).containsExactly(0, 1, 2);
    }

    @Test
    void shouldReplayAsFastAsPossibleInBatchesAtSpeedZero()
    {
        final long[] offsets = new long[SimReplayer.BATCH + 10];
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i] = i * 1_000L;
        }
        final SimReplayer replayer = replayer(frames(offsets), 0);

        assertThat(replayer.pump(BEGIN_NS)).isZero();
        assertThat(replayer.framesReplayed()).isEqualTo(SimReplayer.BATCH);
        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(SimReplayer.DONE);
        assertThat(delivered).hasSize(offsets.length);
    }

    @Test
    void shouldRetryTheSameFrameWhileTheTargetIsBlocked()
    {
        final int[] refusals = {2};
        final SimReplayer replayer = new SimReplayer(frames(0, 1), 0, (index, frame) ->
        {
            if (refusals[0]-- > 0)
            {
                return SimReplayer.BLOCKED;
            }
            delivered.add(index);
            return SimReplayer.DELIVERED;
        });
        replayer.begin(BEGIN_NS);

        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(SimReplayer.BLOCKED_RETRY_NS);
        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(SimReplayer.BLOCKED_RETRY_NS);
        assertThat(replayer.framesReplayed()).isZero();
        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(SimReplayer.DONE);
        assertThat(delivered).containsExactly(0, 1);
        assertThat(replayer.blockedCount()).isEqualTo(2);
    }

    @Test
    void shouldCompleteFinishedWithTheFramesReplayedAtTheEnd() throws Exception
    {
        final SimReplayer replayer = replayer(frames(0, 1, 2), 0);

        assertThat(replayer.finished()).isFalse();
        replayer.pump(BEGIN_NS);

        assertThat(replayer.finished()).isTrue();
        assertThat(replayer.whenFinished().get()).isEqualTo(3);
        assertThat(replayer.positionTsNs()).isEqualTo(frames(2).get(0).tsNs());
    }

    @Test
    void shouldSendNothingBeforeItBegins()
    {
        final SimReplayer replayer = new SimReplayer(frames(0), 0, (index, frame) ->
        {
            delivered.add(index);
            return SimReplayer.DELIVERED;
        });

        assertThat(replayer.pump(BEGIN_NS)).isEqualTo(SimReplayer.DONE);
        assertThat(delivered).isEmpty();
        assertThat(replayer.whenFinished()).isNotDone();
    }

    @Test
    void shouldRejectANegativeSpeed()
    {
        assertThatThrownBy(() -> new SimReplayer(frames(0), -1, (index, frame) -> SimReplayer.DELIVERED))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("speed");
    }
}
