package io.fundingarb.connectors.gateway;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Tees System.out and System.err (where slf4j-simple logs) into a buffer for the duration of a test. */
public final class OutputCapture implements AutoCloseable
{
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public OutputCapture()
    {
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    }

    public synchronized String text()
    {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private final class Tee extends OutputStream
    {
        private final PrintStream original;

        Tee(final PrintStream original)
        {
            this.original = original;
        }

        @Override
        public void write(final int b)
        {
            synchronized (OutputCapture.this)
            {
                captured.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            synchronized (OutputCapture.this)
            {
                captured.write(b, off, len);
            }
            original.write(b, off, len);
        }
    }
}
