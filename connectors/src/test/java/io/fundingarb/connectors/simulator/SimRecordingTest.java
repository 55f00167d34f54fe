package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimRecordingTest
{
    @TempDir
    Path dir;

    private static FeedRecording.Record frame(final long tsNs, final String url, final String text)
    {
        return new FeedRecording.Record(1, tsNs, FeedRecording.Kind.FRAME, url, "", text);
    }

    @Test
    void shouldMergeFramesOfSeveralFilesByReceiveTime() throws Exception
    {
        final Path ws = Files.writeString(dir.resolve("ws.txt"), "2.5: {\"b\":1}\n4: {\"d\":1}\n");
        final Path more = Files.writeString(dir.resolve("more.txt"), "1: {\"a\":1}\n3: {\"c\":1}\n");

        final SimRecording recording = SimRecording.load(List.of(ws, more), r -> true);

        assertThat(recording.frames()).extracting(SimRecording.Frame::text).containsExactly("{\"a\":1}", "{\"b\":1}", "{\"c\":1}", "{\"d\":1}");
        assertThat(recording.frames().get(1).tsNs()).isEqualTo(2_500_000_000L);
    }

    @Test
    void shouldRefuseARecordingWithABadTimestampNamingItsFileAndLine() throws Exception
    {
        final Path ws = Files.writeString(dir.resolve("ws.txt"), "2.5: {\"b\":1}\n2x5: {\"c\":1}\n");

        assertThatThrownBy(() -> SimRecording.load(List.of(ws), r -> true))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(ws + ":2: bad timestamp: \"2x5\" is not a number (epoch seconds)");
    }

    @Test
    void shouldKeepFileOrderForLinesWithoutATimestamp() throws Exception
    {
        final Path raw = Files.writeString(dir.resolve("raw.txt"), "{\"z\":1}\n{\"y\":1}\n{\"x\":1}\n");

        final SimRecording recording = SimRecording.load(List.of(raw), r -> true);

        assertThat(recording.frames()).extracting(SimRecording.Frame::text).containsExactly("{\"z\":1}", "{\"y\":1}", "{\"x\":1}");
        assertThat(recording.frames()).extracting(SimRecording.Frame::source).containsExactly("raw.txt:1", "raw.txt:2", "raw.txt:3");
    }

    @Test
    void shouldSeparateRestBodiesFromFrames()
    {
        final SimRecording recording = SimRecording.of(List.of(
            frame(2, "", "{\"f\":1}"),
            new FeedRecording.Record(2, 1, FeedRecording.Kind.HTTP, "https://x/fapi/v1/depth?symbol=A", "", "{\"lastUpdateId\":1}")), r -> true);

        assertThat(recording.frames()).hasSize(1);
        assertThat(recording.http("/depth")).extracting(FeedRecording.Record::text).containsExactly("{\"lastUpdateId\":1}");
        assertThat(recording.http("/exchangeInfo")).isEmpty();
    }

    @Test
    void shouldLeaveOutFramesTheFilterRefuses()
    {
        final SimRecording recording = SimRecording.of(List.of(
            frame(1, "wss://venue.example/v5/public/linear", "{\"linear\":1}"),
            frame(2, "wss://venue.example/v5/public/spot", "{\"spot\":1}")), r -> r.url().endsWith("/linear"));

        assertThat(recording.frames()).extracting(SimRecording.Frame::text).containsExactly("{\"linear\":1}");
    }
}
