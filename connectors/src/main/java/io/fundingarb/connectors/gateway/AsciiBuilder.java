package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;

/**
 * A reusable ASCII request builder (query strings, JSON bodies) over one growable array: reset,
 * append, then sign {@link #array()}{@code [0, length())} and {@link #copy()} out the bytes
 * that must outlive the next request. Allocates only when it grows and in {@link #copy()}.
 */
public final class AsciiBuilder
{
    private final ExpandableArrayBuffer buffer;
    private int length;

    public AsciiBuilder(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    public AsciiBuilder reset()
    {
        length = 0;
        return this;
    }

    public AsciiBuilder append(final String ascii)
    {
        length += buffer.putStringWithoutLengthAscii(length, ascii);
        return this;
    }

    public AsciiBuilder append(final byte[] ascii)
    {
        buffer.putBytes(length, ascii);
        length += ascii.length;
        return this;
    }

    public AsciiBuilder append(final byte[] bytes, final int offset, final int count)
    {
        buffer.putBytes(length, bytes, offset, count);
        length += count;
        return this;
    }

    public AsciiBuilder append(final char c)
    {
        buffer.putByte(length++, (byte)c);
        return this;
    }

    public AsciiBuilder append(final long value)
    {
        length += buffer.putLongAscii(length, value);
        return this;
    }

    /** A 1e-9 fixed-point value as its shortest decimal ("0.001", "65000.1"). */
    public AsciiBuilder appendFixed(final long value)
    {
        buffer.checkLimit(length + FixedPoint.MAX_FORMAT_LENGTH);
        length += FixedPoint.format(value, buffer, length);
        return this;
    }

    /** Room for {@code count} bytes written straight into {@link #array()} at {@link #length()}; then {@link #advance(int)}. */
    public byte[] reserve(final int count)
    {
        buffer.checkLimit(length + count);
        return buffer.byteArray();
    }

    public AsciiBuilder advance(final int count)
    {
        length += count;
        return this;
    }

    /** The backing array (valid up to {@link #length()}; replaced when the builder grows). */
    public byte[] array()
    {
        return buffer.byteArray();
    }

    public int length()
    {
        return length;
    }

    /** A copy of the built bytes. */
    public byte[] copy()
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    @Override
    public String toString()
    {
        return new String(buffer.byteArray(), 0, length, StandardCharsets.US_ASCII);
    }
}
