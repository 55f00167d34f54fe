package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest
{
    private final FrameRecorder recorder = new FrameRecorder();
    private final FrameAssembler assembler = new FrameAssembler(recorder, () -> 42L, 2048);

    private static ByteBuf heap(final String text)
    {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf direct(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Test
    void shouldDeliverSingleHeapFrame()
    {
        assembler.onFirstFrame(heap("{\"a\":1}"), true);
        assertThat(recorder.frames()).containsExactly("{\"a\":1}");
    }

    @Test
    void shouldDeliverSingleDirectFrameInPlace()
    {
        final ByteBuf buf = direct("xx{\"b\":2}");
        buf.readerIndex(2);
        assembler.onFirstFrame(buf, true);
        assertThat(recorder.frames()).containsExactly("{\"b\":2}");
        buf.release();
    }

    @Test
    void shouldReassembleContinuationFramesIntoOneMessage()
    {
        assembler.onFirstFrame(heap("{\"stream\":"), false);
        assembler.onContinuationFrame(direct("\"btcusdt@depth\","), false);
        assembler.onContinuationFrame(heap("\"data\":{}}"), true);
        assertThat(recorder.frames()).containsExactly("{\"stream\":\"btcusdt@depth\",\"data\":{}}");
        assertThat(assembler.fragmentedMessages()).isEqualTo(1);
    }

    @Test
    void shouldReuseScratchAcrossFragmentedMessages()
    {
        for (int i = 0; i < 3; i++)
        {
            assembler.onFirstFrame(heap("part" + i + "-"), false);
            assembler.onContinuationFrame(heap("end"), true);
        }
        assertThat(recorder.frames()).containsExactly("part0-end", "part1-end", "part2-end");
    }

    @Test
    void shouldGrowScratchForLargeFragmentedMessage()
    {
        final FrameAssembler big = new FrameAssembler(recorder, () -> 0L, 200_000);
        final String chunk = "x".repeat(50_000);
        big.onFirstFrame(heap(chunk), false);
        big.onContinuationFrame(heap(chunk), false);
        big.onContinuationFrame(heap(chunk), true);
        assertThat(recorder.frames()).hasSize(1);
        assertThat(recorder.frames().get(0)).hasSize(150_000);
    }

    @Test
    void shouldDropAndCountOversizedFragmentedMessage()
    {
        assembler.onFirstFrame(heap("y".repeat(1500)), false);
        assembler.onContinuationFrame(heap("y".repeat(1500)), true);
        assertThat(recorder.frames()).isEmpty();
        assertThat(assembler.oversizedMessages()).isEqualTo(1);
        assembler.onFirstFrame(heap("ok"), true);
        assertThat(recorder.frames()).containsExactly("ok");
    }

    @Test
    void shouldCountContinuationWithoutFirstFrame()
    {
        assembler.onContinuationFrame(heap("orphan"), true);
        assertThat(recorder.frames()).isEmpty();
        assertThat(assembler.protocolErrors()).isEqualTo(1);
    }

    @Test
    void shouldDropPartialMessageWhenNewMessageStarts()
    {
        assembler.onFirstFrame(heap("partial"), false);
        assembler.onFirstFrame(heap("whole"), true);
        assertThat(recorder.frames()).containsExactly("whole");
        assertThat(assembler.protocolErrors()).isEqualTo(1);
    }
}
