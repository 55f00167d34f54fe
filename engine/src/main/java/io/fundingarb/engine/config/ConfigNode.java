package io.fundingarb.engine.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only view of one mapping of a parsed YAML document (a "section"), with its dotted key path and the name of
 * the source it came from, and typed getters that validate as they read.
 * <p>
 * How to use it: a record's static factory takes the section's node, reads every key it knows with one getter call
 * per key (the default and the allowed range written in that call, next to the field), and the loader calls
 * {@link #finish()} on the root at the end. Because every getter records the key it was asked for, {@code finish()}
 * knows the complete set of known keys and rejects anything else (typos, stale keys) with a did-you-mean hint.
 * <p>
 * Rules of the house, so that every section behaves the same:
 * <ul>
 *     <li>An absent key takes the default. A key present with an empty value ({@code key:}, YAML null) is an error
 *     for scalars and lists, but an empty section for {@link #section(String)}.</li>
 *     <li>Types are strict: a number in quotes is a string and is rejected where a number is expected; an integer is
 *     accepted where a decimal is expected; durations are strings with a unit ({@code "100ms"}).</li>
 *     <li>Enums are spelled in lower_snake_case in YAML and map to the Java constant in UPPER_SNAKE_CASE.</li>
 *     <li>Read every key unconditionally, even one that only matters in some mode, so that it is a known key; check
 *     combinations after reading with {@link #fail(String, String)}.</li>
 *     <li>Every failure is a {@link ConfigException} with a one-line message naming the source, the key path, what
 *     was expected and what was found.</li>
 * </ul>
 * Not thread-safe; meant for one thread at startup.
 */
public final class ConfigNode
{
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final int SUGGESTION_MAX_DISTANCE = 2;
    private static final int SUGGESTION_MAX_DISTANCE_LONG_KEY = 3;
    private static final int LONG_KEY_LENGTH = 10;
    private static final int MIN_PREFIX_LENGTH = 4;
    private static final int MAX_SHOWN_STRING_LENGTH = 60;
    private static final String DURATION_UNITS = "ns, us, ms, s, m, h";
    private static final Pattern DURATION = Pattern.compile("(\\d+) ?(ns|us|ms|s|m|h)");
    private static final Pattern NUMBER_LIKE = Pattern.compile("\\s*[-+]?(\\d[\\d_]*)?(\\.\\d*)?([eE][-+]?\\d+)?\\s*");
    private static final String[] UNIT_SUFFIXES = { "_ns", "_us", "_ms", "_s", "_m", "_h", "_bytes" };

    private final String sourceName;
    private final String path;
    private final Map<?, ?> values;
    private final Set<String> readKeys = new LinkedHashSet<>();
    private final Map<String, ConfigNode> children = new LinkedHashMap<>();
    private boolean finished;

    private ConfigNode(final String sourceName, final String path, final Map<?, ?> values)
    {
        this.sourceName = sourceName;
        this.path = path;
        this.values = values;
    }

    /**
     * The node for a whole parsed YAML document.
     *
     * @param document   what the YAML parser returned: a {@code Map}, or {@code null} for an empty document.
     * @param sourceName where the document came from (file path), used as the first part of every message.
     * @return the root node.
     * @throws ConfigException if the document is neither empty nor a mapping.
     */
    public static ConfigNode root(final Object document, final String sourceName)
    {
        if (null == document)
        {
            return new ConfigNode(sourceName, "", Map.of());
        }
        if (!(document instanceof Map))
        {
            throw new ConfigException(
                sourceName, "", "expected a mapping (key: value lines) at the top level, got " + describe(document));
        }
        return new ConfigNode(sourceName, "", (Map<?, ?>)document);
    }

    /**
     * @return where the configuration came from, usually the file path.
     */
    public String sourceName()
    {
        return sourceName;
    }

    /**
     * @return the dotted key path of this section, empty for the root.
     */
    public String path()
    {
        return path;
    }

    /**
     * @param key a key of this section.
     * @return the dotted path of the key, for example {@code engine.threading}.
     */
    public String pathOf(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Whether the key is present in this section, even with an empty value. Does not count as reading the key.
     *
     * @param key a key of this section.
     * @return true if the key is present.
     */
    public boolean has(final String key)
    {
        return values.containsKey(key);
    }

    /**
     * The keys present in this section, in file order, for sections whose keys are names chosen by the user (for
     * example one sub-section per venue). Does not count as reading them: read each with {@link #section(String)}.
     *
     * @return the keys present.
     * @throws ConfigException if a key is not a string.
     */
    public List<String> keys()
    {
        final List<String> keys = new ArrayList<>(values.size());
        for (final Object key : values.keySet())
        {
            if (!(key instanceof String))
            {
                throw new ConfigException(sourceName, pathOf(String.valueOf(key)), "expected a name, got " +
                    describe(key) + " as a key");
            }
            keys.add((String)key);
        }
        return keys;
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @return the string value.
     */
    public String string(final String key, final String defaultValue)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        if (value instanceof String)
        {
            return (String)value;
        }
        throw mismatch(key, "a string", value);
    }

    /**
     * @param key a key of this section that must be present.
     * @return the string value.
     */
    public String requiredString(final String key)
    {
        if (!present(key))
        {
            throw new ConfigException(sourceName, pathOf(key), "missing (expected a string)");
        }
        return string(key, null);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted value.
     * @param max          largest accepted value.
     * @return the integer value.
     */
    public int integer(final String key, final int defaultValue, final int min, final int max)
    {
        return (int)readLong(key, defaultValue, min, max, 1, false);
    }

    /**
     * An integer that must be a multiple of {@code multiple}, for sizes that must be aligned.
     *
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted value.
     * @param max          largest accepted value.
     * @param multiple     the value must be a multiple of this.
     * @return the integer value.
     */
    public int integerMultipleOf(
        final String key, final int defaultValue, final int min, final int max, final int multiple)
    {
        return (int)readLong(key, defaultValue, min, max, multiple, false);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted value.
     * @param max          largest accepted value.
     * @return the long value.
     */
    public long longValue(final String key, final long defaultValue, final long min, final long max)
    {
        return readLong(key, defaultValue, min, max, 1, false);
    }

    /**
     * A power of two, for ring and buffer sizes.
     *
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted value.
     * @param max          largest accepted value.
     * @return the value, a power of two.
     */
    public int powerOfTwo(final String key, final int defaultValue, final int min, final int max)
    {
        return (int)readLong(key, defaultValue, min, max, 1, true);
    }

    /**
     * A decimal number; integers are accepted. NaN and infinities are rejected by the range check.
     *
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted value.
     * @param max          largest accepted value.
     * @return the value.
     */
    public double decimal(final String key, final double defaultValue, final double min, final double max)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        if (value instanceof Number)
        {
            final double d = ((Number)value).doubleValue();
            if (d >= min && d <= max)
            {
                return d;
            }
        }
        throw mismatch(key, "a number" + range(format(min), format(max), min == -Double.MAX_VALUE ||
            min == Double.NEGATIVE_INFINITY, max == Double.MAX_VALUE || max == Double.POSITIVE_INFINITY), value);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @return the value, {@code true} or {@code false} (YAML 1.2: {@code yes}/{@code on} are strings, rejected).
     */
    public boolean bool(final String key, final boolean defaultValue)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        if (value instanceof Boolean)
        {
            return (Boolean)value;
        }
        throw mismatch(key, "true or false", value);
    }

    /**
     * An enum constant, spelled in lower_snake_case in YAML ({@code busy_spin} for {@code BUSY_SPIN}).
     *
     * @param key          a key of this section.
     * @param type         the enum class.
     * @param defaultValue returned when the key is absent.
     * @param <E>          the enum type.
     * @return the constant.
     */
    public <E extends Enum<E>> E enumValue(final String key, final Class<E> type, final E defaultValue)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        final E[] constants = type.getEnumConstants();
        if (value instanceof String)
        {
            for (final E constant : constants)
            {
                if (yamlName(constant).equals(value))
                {
                    return constant;
                }
            }
        }
        final List<String> names = new ArrayList<>(constants.length);
        for (final E constant : constants)
        {
            names.add(yamlName(constant));
        }
        throw mismatch(key, "one of " + names, value);
    }

    /**
     * @param constant an enum constant.
     * @return its YAML spelling: the name in lower case.
     */
    public static String yamlName(final Enum<?> constant)
    {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A non-negative duration written as a string with a unit: {@code "100ms"}, {@code "2s"}, {@code "5m"},
     * {@code "8h"} (units ns, us, ms, s, m, h). A bare number is rejected: the unit is in the value, not the key.
     *
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @return the duration.
     */
    public Duration duration(final String key, final Duration defaultValue)
    {
        return readDuration(key, defaultValue, null, null);
    }

    /**
     * A duration as in {@link #duration(String, Duration)}, within a range.
     *
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          shortest accepted duration.
     * @param max          longest accepted duration.
     * @return the duration.
     */
    public Duration duration(final String key, final Duration defaultValue, final Duration min, final Duration max)
    {
        return readDuration(key, defaultValue, min, max);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @return an unmodifiable list of integers.
     */
    public List<Integer> intList(final String key, final List<Integer> defaultValue)
    {
        return intList(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @param min          smallest accepted element.
     * @param max          largest accepted element.
     * @return an unmodifiable list of integers.
     */
    public List<Integer> intList(final String key, final List<Integer> defaultValue, final int min, final int max)
    {
        if (!present(key))
        {
            return List.copyOf(defaultValue);
        }
        final Object value = values.get(key);
        final String range = range(Long.toString(min), Long.toString(max),
            min == Integer.MIN_VALUE, max == Integer.MAX_VALUE);
        final String expected = "an integer" + range;
        if (!(value instanceof List))
        {
            throw mismatch(key, "a list of integers" + range, value);
        }
        final List<?> list = (List<?>)value;
        final List<Integer> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            final Object element = list.get(i);
            if (!(element instanceof Integer) || (Integer)element < min || (Integer)element > max)
            {
                throw new ConfigException(sourceName, pathOf(key) + "[" + i + "]",
                    "expected " + expected + ", got " + describeWithHint(element, true));
            }
            result.add((Integer)element);
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * @param key          a key of this section.
     * @param defaultValue returned when the key is absent.
     * @return an unmodifiable list of strings.
     */
    public List<String> stringList(final String key, final List<String> defaultValue)
    {
        if (!present(key))
        {
            return List.copyOf(defaultValue);
        }
        final Object value = values.get(key);
        if (!(value instanceof List))
        {
            throw mismatch(key, "a list of strings", value);
        }
        final List<?> list = (List<?>)value;
        final List<String> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            final Object element = list.get(i);
            if (!(element instanceof String))
            {
                throw new ConfigException(sourceName, pathOf(key) + "[" + i + "]",
                    "expected a string, got " + describe(element));
            }
            result.add((String)element);
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * A nested section. An absent or empty section gives an empty node, so that every default in it applies.
     * Asking twice for the same key gives the same node.
     *
     * @param key a key of this section.
     * @return the nested section.
     */
    public ConfigNode section(final String key)
    {
        final ConfigNode existing = children.get(key);
        if (null != existing)
        {
            return existing;
        }
        final Object value = present(key) ? values.get(key) : null;
        if (null != value && !(value instanceof Map))
        {
            throw mismatch(key, "a section (indented key: value lines)", value);
        }
        final ConfigNode child = new ConfigNode(sourceName, pathOf(key), null == value ? Map.of() : (Map<?, ?>)value);
        children.put(key, child);
        return child;
    }

    /**
     * A list of sections, for repeated entries written as {@code - key: value} items. Absent gives an empty list.
     * Element paths are written {@code key[i]}.
     *
     * @param key a key of this section.
     * @return an unmodifiable list of nodes.
     */
    public List<ConfigNode> sectionList(final String key)
    {
        if (!present(key))
        {
            return List.of();
        }
        final Object value = values.get(key);
        if (!(value instanceof List))
        {
            throw mismatch(key, "a list of sections", value);
        }
        final List<?> list = (List<?>)value;
        final List<ConfigNode> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            final Object element = list.get(i);
            final String elementPath = pathOf(key) + "[" + i + "]";
            if (!(element instanceof Map))
            {
                throw new ConfigException(sourceName, elementPath, "expected a section, got " + describe(element));
            }
            final ConfigNode child = new ConfigNode(sourceName, elementPath, (Map<?, ?>)element);
            children.put(key + "[" + i + "]", child);
            result.add(child);
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * An optional environment variable name: {@code ""} (the default: none) or {@code [A-Z_][A-Z0-9_]*}.
     *
     * @param key     a key of this section.
     * @param example a name to show in the message, such as {@code BINANCE_API_KEY}.
     */
    public String envName(final String key, final String example)
    {
        final String value = string(key, "");
        if (!value.isEmpty() && !ENV_NAME.matcher(value).matches())
        {
            throw fail(key, "expected \"\" or an environment variable name ([A-Z_][A-Z0-9_]*, such as " + example + "), got \"" + value + "\"");
        }
        return value;
    }

    /**
     * A failure about a key of this section, for checks a getter cannot express (patterns, combinations of keys).
     * The message is {@code <source>: <path.key>: expected <expected>, got <the value found>}.
     *
     * @param key      a key of this section.
     * @param expected what would have been accepted, for example {@code "FundingArbAgent"}.
     * @return the exception, to throw.
     */
    public ConfigException invalid(final String key, final String expected)
    {
        return mismatch(key, expected, values.get(key));
    }

    /**
     * A failure about a key of this section with a free-form problem, for combinations of keys.
     *
     * @param key     a key of this section.
     * @param problem what is wrong and how to fix it, one line.
     * @return the exception, to throw.
     */
    public ConfigException fail(final String key, final String problem)
    {
        return new ConfigException(sourceName, pathOf(key), problem);
    }

    /**
     * Fails on the first key of this section, then of its nested sections, that no getter asked for: an unknown key.
     * The message lists the known keys and suggests the closest one: edit distance up to 2 (3 for keys of 10 or more
     * characters), ignoring a unit suffix such as {@code _ms}, or a known key that starts with the unknown one.
     * Idempotent.
     */
    public void finish()
    {
        if (finished)
        {
            return;
        }
        for (final Object key : values.keySet())
        {
            final String name = String.valueOf(key);
            if (!(key instanceof String) || !readKeys.contains(name))
            {
                throw unknownKey(name);
            }
        }
        for (final ConfigNode child : children.values())
        {
            child.finish();
        }
        finished = true;
    }

    /**
     * The dotted paths of every leaf key read so far from this node and its nested sections, in reading order.
     * Read a default configuration from an empty node to list every key the application knows (docs, tests).
     *
     * @return the key paths.
     */
    public List<String> knownKeyPaths()
    {
        final List<String> paths = new ArrayList<>();
        for (final String key : readKeys)
        {
            final ConfigNode child = children.get(key);
            if (null != child && child.readKeys.size() > 0)
            {
                paths.addAll(child.knownKeyPaths());
            }
            else
            {
                paths.add(pathOf(key));
            }
        }
        return paths;
    }

    private boolean present(final String key)
    {
        readKeys.add(key);
        return values.containsKey(key);
    }

    private long readLong(
        final String key,
        final long defaultValue,
        final long min,
        final long max,
        final long multiple,
        final boolean powerOfTwo)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        if (value instanceof Integer || value instanceof Long)
        {
            final long l = ((Number)value).longValue();
            if (l >= min && l <= max && l % multiple == 0 && (!powerOfTwo || Long.bitCount(l) == 1))
            {
                return l;
            }
        }
        final String what = powerOfTwo ? "a power of two" : multiple != 1 ? "a multiple of " + multiple : "an integer";
        throw mismatch(key, what + range(Long.toString(min), Long.toString(max),
            min == Integer.MIN_VALUE || min == Long.MIN_VALUE, max == Integer.MAX_VALUE || max == Long.MAX_VALUE),
            value);
    }

    private Duration readDuration(final String key, final Duration defaultValue, final Duration min, final Duration max)
    {
        if (!present(key))
        {
            return defaultValue;
        }
        final Object value = values.get(key);
        final Duration parsed = value instanceof String ? parseDuration((String)value) : null;
        if (null != parsed && (null == min || parsed.compareTo(min) >= 0) && (null == max || parsed.compareTo(max) <= 0))
        {
            return parsed;
        }
        final String expected = "a duration" +
            range(null == min ? "" : format(min), null == max ? "" : format(max), null == min, null == max) +
            " (a number and a unit: " + DURATION_UNITS + ", e.g. \"100ms\")";
        throw mismatch(key, expected, value);
    }

    /**
     * @param text a duration such as {@code "100ms"}.
     * @return the duration, or null if the text is not a duration or does not fit.
     */
    static Duration parseDuration(final String text)
    {
        final Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches())
        {
            return null;
        }
        try
        {
            final long amount = Long.parseLong(matcher.group(1));
            switch (matcher.group(2))
            {
                case "ns":
                    return Duration.ofNanos(amount);
                case "us":
                    return Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                default:
                    return Duration.ofHours(amount);
            }
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * @param duration a duration.
     * @return its shortest exact spelling with one unit, as accepted by {@link #duration(String, Duration)}.
     */
    public static String format(final Duration duration)
    {
        final long nanos = duration.toNanos();
        final long[] unitNanos = { 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L };
        final String[] units = { "h", "m", "s", "ms", "us" };
        for (int i = 0; i < units.length; i++)
        {
            if (nanos != 0 && nanos % unitNanos[i] == 0)
            {
                return nanos / unitNanos[i] + units[i];
            }
        }
        return nanos + "ns";
    }

    private static String format(final double value)
    {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String range(final String min, final String max, final boolean noMin, final boolean noMax)
    {
        if (noMin && noMax)
        {
            return "";
        }
        if (noMax)
        {
            return " >= " + min;
        }
        if (noMin)
        {
            return " <= " + max;
        }
        return " between " + min + " and " + max;
    }

    private ConfigException mismatch(final String key, final String expected, final Object found)
    {
        final boolean numeric = expected.startsWith("a number") || expected.startsWith("an integer") ||
            expected.startsWith("a power of two") || expected.startsWith("a multiple of");
        return new ConfigException(sourceName, pathOf(key), "expected " + expected + ", got " +
            describeWithHint(found, numeric));
    }

    private ConfigException unknownKey(final String key)
    {
        final String known = readKeys.isEmpty() ?
            "this section takes no keys" :
            (path.isEmpty() ? "known keys: " : "known keys in " + path + ": ") + String.join(", ", readKeys);
        final String suggestion = closest(key);
        return new ConfigException(sourceName, pathOf(key),
            "unknown key" + (null == suggestion ? "" : ", did you mean " + suggestion + "?") + " (" + known + ")");
    }

    private String closest(final String key)
    {
        final String lowerKey = key.toLowerCase(Locale.ROOT).replace('-', '_');
        String stripped = lowerKey;
        for (final String suffix : UNIT_SUFFIXES)
        {
            if (lowerKey.endsWith(suffix) && lowerKey.length() > suffix.length())
            {
                stripped = lowerKey.substring(0, lowerKey.length() - suffix.length());
                break;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : readKeys)
        {
            final boolean prefix = lowerKey.length() >= MIN_PREFIX_LENGTH && candidate.startsWith(lowerKey);
            final int distance = prefix ?
                1 : Math.min(editDistance(lowerKey, candidate), editDistance(stripped, candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        final int limit = key.length() >= LONG_KEY_LENGTH ? SUGGESTION_MAX_DISTANCE_LONG_KEY : SUGGESTION_MAX_DISTANCE;
        return bestDistance <= limit && bestDistance < key.length() ? best : null;
    }

    static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String describeWithHint(final Object value, final boolean numberExpected)
    {
        if (numberExpected && value instanceof String && NUMBER_LIKE.matcher((String)value).matches() &&
            ((String)value).chars().anyMatch(Character::isDigit))
        {
            return describe(value) + " (a string: write numbers without quotes)";
        }
        return describe(value);
    }

    /**
     * @param value a value from the YAML parser.
     * @return how to show it in a message: strings quoted, numbers and booleans as written, collections by kind.
     */
    static String describe(final Object value)
    {
        if (null == value)
        {
            return "nothing (empty value)";
        }
        if (value instanceof String)
        {
            return quote((String)value);
        }
        if (value instanceof Map)
        {
            return "a section";
        }
        if (value instanceof List)
        {
            return "a list";
        }
        if (value instanceof Double)
        {
            final double d = (Double)value;
            if (Double.isNaN(d) || Double.isInfinite(d))
            {
                return String.valueOf(d);
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? format(d) + ".0" : format(d);
        }
        if (value instanceof Number || value instanceof Boolean)
        {
            return value.toString();
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String quote(final String text)
    {
        final StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_SHOWN_STRING_LENGTH) + 8).append('"');
        final int end = Math.min(text.length(), MAX_SHOWN_STRING_LENGTH);
        for (int i = 0; i < end; i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    sb.append(c);
            }
        }
        if (text.length() > end)
        {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
