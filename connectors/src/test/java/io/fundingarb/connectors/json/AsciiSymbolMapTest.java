package io.fundingarb.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AsciiSymbolMapTest
{
    private static int lookup(final AsciiSymbolMap map, final String key)
    {
        final byte[] bytes = ("\"" + key + "\"").getBytes(StandardCharsets.US_ASCII);
        return map.get(new UnsafeBuffer(bytes), 1, bytes.length - 2);
    }

    @Test
    void shouldFindKeysFromBufferBytes()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        map.put("BTCUSDT", 7);
        map.put("ETHUSDT", 9);

        assertThat(lookup(map, "BTCUSDT")).isEqualTo(7);
        assertThat(lookup(map, "ETHUSDT")).isEqualTo(9);
        assertThat(lookup(map, "BTCUSD")).isEqualTo(AsciiSymbolMap.MISSING);
        assertThat(lookup(map, "")).isEqualTo(AsciiSymbolMap.MISSING);
    }

    @Test
    void shouldReplaceTheValueOfAnExistingKey()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        map.put("SOLUSDT", 1);
        map.put("SOLUSDT", 2);

        assertThat(map.size()).isEqualTo(1);
        assertThat(map.get("SOLUSDT")).isEqualTo(2);
    }

    @Test
    void shouldKeepEveryKeyWhileGrowing()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap(2);
        for (int i = 0; i < 5000; i++)
        {
            map.put("SYM" + i + "USDT", i);
        }

        for (int i = 0; i < 5000; i++)
        {
            assertThat(lookup(map, "SYM" + i + "USDT")).isEqualTo(i);
        }
        assertThat(lookup(map, "SYM5000USDT")).isEqualTo(AsciiSymbolMap.MISSING);
    }

    @Test
    void shouldFindKeysFromArrayBytes()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        map.put("BTCUSDT", 7);
        final byte[] bytes = "tickers.BTCUSDT".getBytes(StandardCharsets.US_ASCII);

        assertThat(map.get(bytes, 8, 7)).isEqualTo(7);
        assertThat(map.get(bytes, 7, 8)).isEqualTo(AsciiSymbolMap.MISSING);
    }

    @Test
    void shouldFindKeysFromOffHeapBufferBytes()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        map.put("BTCUSDT", 7);
        final byte[] bytes = "\"BTCUSDT\"".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        offHeap.putBytes(0, bytes);

        assertThat(map.get(offHeap, 1, 7)).isEqualTo(7);
    }

    @Test
    void shouldFindEveryKeyLengthWhereverItsBytesSit()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        final String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int length = 1; length <= 30; length++)
        {
            map.put(letters.substring(0, length), length);
        }

        for (int length = 1; length <= 30; length++)
        {
            final String key = letters.substring(0, length);
            // room for whole-word reads, none (the key ends the array), and off heap
            final byte[] roomy = ("\"" + key + "\",\"padding-padding\"").getBytes(StandardCharsets.US_ASCII);
            final byte[] tight = key.getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(length));
            offHeap.putBytes(0, tight);

            assertThat(map.get(roomy, 1, length)).as(key).isEqualTo(length);
            assertThat(map.get(tight, 0, length)).as(key).isEqualTo(length);
            assertThat(map.get(offHeap, 0, length)).as(key).isEqualTo(length);
            assertThat(map.get(roomy, 1, length - 1)).as(key).isEqualTo(length == 1 ? AsciiSymbolMap.MISSING : length - 1);
            assertThat(map.get(key.toLowerCase())).as(key).isEqualTo(key.equals(key.toLowerCase()) ? length : AsciiSymbolMap.MISSING);
        }
    }

    @Test
    void shouldMissAKeyThatDiffersFromAStoredOneInAnySingleByte()
    {
        final AsciiSymbolMap map = new AsciiSymbolMap();
        final String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int length = 1; length <= 20; length++)
        {
            map.put(letters.substring(0, length), length);
        }
        map.put("", 99);

        for (int length = 1; length <= 20; length++)
        {
            for (int at = 0; at < length; at++)
            {
                final byte[] roomy = (letters.substring(0, length) + "-----------------").getBytes(StandardCharsets.US_ASCII);
                roomy[at] = (byte)'x';
                assertThat(map.get(roomy, 0, length)).as("length %d, byte %d", length, at).isEqualTo(AsciiSymbolMap.MISSING);
                roomy[at] = (byte)letters.charAt(at);
                assertThat(map.get(roomy, 0, length)).as("length %d", length).isEqualTo(length);
            }
        }
        assertThat(map.get(new byte[20], 3, 0)).isEqualTo(99);
    }
}
