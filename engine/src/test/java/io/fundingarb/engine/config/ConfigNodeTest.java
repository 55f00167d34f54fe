package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigNodeTest
{
    private static ConfigNode node(final Map<String, Object> values)
    {
        return ConfigNode.root(values, "test.yaml");
    }

    @Test
    void shouldAcceptIntegerWhereDecimalExpected()
    {
        assertThat(node(Map.of("x", 2)).decimal("x", 0.5, 0.0, 10.0)).isEqualTo(2.0);
    }

    @Test
    void shouldRejectDecimalOutOfRange()
    {
        assertThatThrownBy(() -> node(Map.of("x", 1.5)).decimal("x", 0.5, 0.0, 1.0))
            .hasMessage("test.yaml: x: expected a number between 0 and 1, got 1.5");
    }

    @Test
    void shouldRejectNotANumberForDecimal()
    {
        assertThatThrownBy(() -> node(Map.of("x", Double.NaN)).decimal("x", 0.5, 0.0, 1.0))
            .hasMessage("test.yaml: x: expected a number between 0 and 1, got NaN");
    }

    @Test
    void shouldShowWholeDecimalWithPointWhereIntegerExpected()
    {
        assertThatThrownBy(() -> node(Map.of("x", 8192.0)).integer("x", 1, 0, 10_000))
            .hasMessage("test.yaml: x: expected an integer between 0 and 10000, got 8192.0");
    }

    @Test
    void shouldReadLongBeyondIntRange()
    {
        assertThat(node(Map.of("x", 5_000_000_000L)).longValue("x", 0, 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
    }

    @Test
    void shouldRejectIntegerBelowOpenEndedMinimum()
    {
        assertThatThrownBy(() -> node(Map.of("x", -1L)).longValue("x", 0, 0, Long.MAX_VALUE))
            .hasMessage("test.yaml: x: expected an integer >= 0, got -1");
    }

    @Test
    void shouldReadStringList()
    {
        assertThat(node(Map.of("x", List.of("a", "b"))).stringList("x", List.of())).containsExactly("a", "b");
    }

    @Test
    void shouldNameElementOfBadStringList()
    {
        assertThatThrownBy(() -> node(Map.of("x", List.of("a", 3))).stringList("x", List.of()))
            .hasMessage("test.yaml: x[1]: expected a string, got 3");
    }

    @Test
    void shouldReportMissingRequiredString()
    {
        assertThatThrownBy(() -> node(Map.of()).section("venue").requiredString("name"))
            .hasMessage("test.yaml: venue.name: missing (expected a string)");
    }

    @Test
    void shouldParseEveryDurationUnit()
    {
        assertThat(ConfigNode.parseDuration("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(ConfigNode.parseDuration("7us")).isEqualTo(Duration.ofNanos(7_000));
        assertThat(ConfigNode.parseDuration("7ms")).isEqualTo(Duration.ofMillis(7));
        assertThat(ConfigNode.parseDuration("7s")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ConfigNode.parseDuration("7m")).isEqualTo(Duration.ofMinutes(7));
        assertThat(ConfigNode.parseDuration("8h")).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void shouldNotParseDurationThatOverflows()
    {
        assertThat(ConfigNode.parseDuration("99999999999999999999h")).isNull();
    }

    @Test
    void shouldFormatDurationInLargestExactUnit()
    {
        assertThat(ConfigNode.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ConfigNode.format(Duration.ofMinutes(60))).isEqualTo("1h");
        assertThat(ConfigNode.format(Duration.ZERO)).isEqualTo("0ns");
    }

    @Test
    void shouldAcceptUnboundedDuration()
    {
        assertThat(node(Map.of("x", "48h")).duration("x", Duration.ZERO)).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void shouldNameSectionListElementsByIndex()
    {
        final List<ConfigNode> items = node(Map.of("venues", List.of(Map.of("name", "a"), Map.of("nme", "b"))))
            .sectionList("venues");

        assertThat(items.get(1).path()).isEqualTo("venues[1]");
    }

    @Test
    void shouldCheckUnknownKeysOfSectionListElements()
    {
        final ConfigNode root = node(Map.of("venues", List.of(Map.of("name", "a"), Map.of("nme", "b"))));
        for (final ConfigNode item : root.sectionList("venues"))
        {
            item.string("name", "");
        }

        assertThatThrownBy(root::finish)
            .hasMessage("test.yaml: venues[1].nme: unknown key, did you mean name? (known keys in venues[1]: name)");
    }

    @Test
    void shouldListUserChosenKeysInFileOrder()
    {
        final Map<String, Object> venues = new java.util.LinkedHashMap<>();
        venues.put("zeta", Map.of());
        venues.put("alpha", Map.of());

        assertThat(node(Map.of("venues", venues)).section("venues").keys()).containsExactly("zeta", "alpha");
    }

    @Test
    void shouldCheckUnknownKeysInNestedSectionsFromRoot()
    {
        final ConfigNode root = node(Map.of("a", Map.of("b", Map.of("c", 1))));
        root.section("a").section("b");

        assertThatThrownBy(root::finish).hasMessage("test.yaml: a.b.c: unknown key (this section takes no keys)");
    }

    @Test
    void shouldSuggestKnownKeyThatStartsWithUnknownKey()
    {
        final ConfigNode root = node(Map.of("wait", "busy_spin"));
        root.string("wait_strategy", "");

        assertThatThrownBy(root::finish).hasMessageContaining("did you mean wait_strategy?");
    }

    @Test
    void shouldListKnownKeyPathsOfNestedSections()
    {
        final ConfigNode root = node(Map.of());
        root.string("a", "");
        root.section("s").bool("b", true);

        assertThat(root.knownKeyPaths()).containsExactly("a", "s.b");
    }
}
