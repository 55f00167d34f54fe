package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.connectors.gateway.VenueOrderIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionEpochTest
{
    @TempDir
    Path journals;

    private Path session(final String name) throws Exception
    {
        return Files.createDirectories(journals.resolve(name));
    }

    @Test
    void shouldKeepTheEpochInTheSessionFolderAndReadItBack() throws Exception
    {
        final Path dir = session("20261206-183000");
        final long before = Instant.now().getEpochSecond();
        final long epoch = SessionEpoch.of(dir);
        assertThat(epoch).isBetween(before, Instant.now().getEpochSecond());
        assertThat(Files.readString(dir.resolve(SessionEpoch.FILE)).trim()).isEqualTo(Long.toString(epoch));
        assertThat(SessionEpoch.of(dir)).isEqualTo(epoch);
    }

    @Test
    void shouldGiveTwoSessionsWithTheSameEngineIdsDifferentVenueIds() throws Exception
    {
        final long first = SessionEpoch.of(session("20261206-183000"));
        final long second = SessionEpoch.of(session("20261206-183000-1")); // started within the same second
        assertThat(second).isGreaterThan(first);
        assertThat(new VenueOrderIds(second).text(4161)).isNotEqualTo(new VenueOrderIds(first).text(4161));
        assertThat(new VenueOrderIds(second).ownId(new VenueOrderIds(first).text(4161))).isEqualTo(VenueOrderIds.NOT_OURS);
    }

    @Test
    void shouldNameAnUnreadableEpochFile() throws Exception
    {
        final Path dir = session("20261206-183000");
        Files.writeString(dir.resolve(SessionEpoch.FILE), "yesterday");
        assertThatThrownBy(() -> SessionEpoch.of(dir)).hasMessageContaining(SessionEpoch.FILE).hasMessageContaining("yesterday");
    }
}
