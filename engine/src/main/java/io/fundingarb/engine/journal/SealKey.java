package io.fundingarb.engine.journal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key a journal's seals are signed with ({@code journal.seal_key_env}): each seal then carries
 * an HMAC-SHA256 of the journal it belongs to ({@code inbound} or {@code commands}), its kind, the
 * number of records before it and the chain link after the last of them. Whoever rewrites records
 * and recomputes every checksum, link and seal (the format is public) cannot recompute those
 * signatures without the key, so {@code journal check --key-env NAME} finds the rewrite at the first
 * seal after it. Records after the last seal are not covered (a kill leaves such a tail).
 *
 * <p>The key is the UTF-8 bytes of an environment variable's value; it is never written, logged or
 * put in an exception. One instance per writing or checking thread (a {@link Mac} is not thread-safe).
 */
public final class SealKey
{
    /** Bytes of a seal's signature: HMAC-SHA256. */
    public static final int SIGNATURE_LENGTH = 32;
    /** Fewer characters than this is refused: a short key could be guessed. */
    public static final int MIN_KEY_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final String variable;
    private final byte[] key;
    private final Mac mac;
    private final byte[] fields = new byte[4 + 8 + 8];
    private final byte[] expected = new byte[SIGNATURE_LENGTH];

    private SealKey(final String variable, final byte[] key)
    {
        this.variable = variable;
        this.key = key;
        try
        {
            this.mac = Mac.getInstance(ALGORITHM);
            this.mac.init(new SecretKeySpec(key, ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK: " + ex.getClass().getSimpleName(), ex);
        }
    }

    /**
     * The key held by environment variable {@code variable}, or null when {@code variable} is null
     * or empty (seals are not signed). A named variable that is unset or shorter than
     * {@value #MIN_KEY_LENGTH} characters is refused in one line naming it, never its value.
     *
     * @param what what names the variable, for the message (e.g. {@code journal.seal_key_env} or {@code --key-env})
     */
    public static SealKey fromEnvironment(final String variable, final Function<String, String> env, final String what)
    {
        if (variable == null || variable.isEmpty())
        {
            return null;
        }
        final String value = env.apply(variable);
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException(what + ": environment variable " + variable + " is not set (it holds the key the journal's seals are signed with)");
        }
        if (value.length() < MIN_KEY_LENGTH)
        {
            throw new IllegalArgumentException(what + ": the key in environment variable " + variable + " is shorter than " + MIN_KEY_LENGTH + " characters");
        }
        return new SealKey(variable, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A key from its bytes (tests, benchmarks). */
    public static SealKey of(final String name, final byte[] key)
    {
        return new SealKey(name, key.clone());
    }

    /** A new instance with the same key, for another thread. */
    public SealKey copy()
    {
        return new SealKey(variable, key);
    }

    /** The environment variable the key came from (its name only), for messages. */
    public String variable()
    {
        return variable;
    }

    /**
     * Writes the signature of a seal into {@code out} at {@code offset}.
     *
     * @param journal {@code inbound} or {@code commands}: a seal cannot be moved to the other journal
     */
    void sign(final byte[] journal, final int kind, final long ordinal, final long link, final byte[] out, final int offset)
    {
        putIntLittleEndian(fields, 0, kind);
        JournalFormat.putLongLittleEndian(fields, 4, ordinal);
        JournalFormat.putLongLittleEndian(fields, 12, link);
        mac.update(journal);
        mac.update(fields);
        try
        {
            mac.doFinal(out, offset);
        }
        catch (final ShortBufferException ex)
        {
            throw new IllegalStateException("seal signature buffer too short", ex);
        }
    }

    /** Whether {@code document[offset, offset + 32)} is the signature of this seal. */
    boolean verify(final byte[] journal, final int kind, final long ordinal, final long link, final byte[] document, final int offset)
    {
        sign(journal, kind, ordinal, link, expected, 0);
        int difference = 0; // constant time, as MessageDigest.isEqual
        for (int i = 0; i < SIGNATURE_LENGTH; i++)
        {
            difference |= expected[i] ^ document[offset + i];
        }
        return difference == 0;
    }

    private static void putIntLittleEndian(final byte[] array, final int offset, final int value)
    {
        for (int i = 0; i < Integer.BYTES; i++)
        {
            array[offset + i] = (byte)(value >>> (8 * i));
        }
    }

    @Override
    public String toString()
    {
        return "SealKey[" + variable + "]"; // never the key
    }
}
