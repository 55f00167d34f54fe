package io.fundingarb.connectors.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The test-only TLS key material of src/test/resources/tls (see its README): a self-signed
 * certificate for localhost / 127.0.0.1 and its key. Never used outside tests.
 */
public final class TestTls
{
    private static final String STORE = "/tls/localhost-test.p12";
    private static final String CERTIFICATE_PEM = "/tls/localhost-test.crt";
    private static final char[] PASSWORD = "fundingarb-test".toCharArray();
    private static final String ALIAS = "localhost";

    private static final PrivateKey KEY;
    private static final X509Certificate CERTIFICATE;

    static
    {
        try (InputStream in = TestTls.class.getResourceAsStream(STORE))
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            KEY = (PrivateKey)store.getKey(ALIAS, PASSWORD);
            CERTIFICATE = (X509Certificate)store.getCertificate(ALIAS);
        }
        catch (final Exception ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private TestTls()
    {
    }

    /** A server context with the test key (for SimulatorConfig.withTls). */
    public static SslContext serverContext()
    {
        try
        {
            return SslContextBuilder.forServer(KEY, CERTIFICATE).sslProvider(SslProvider.JDK).build();
        }
        catch (final javax.net.ssl.SSLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The test certificate (what a client must trust). */
    public static X509Certificate certificate()
    {
        return CERTIFICATE;
    }

    /** The test certificate as a PEM file on disk (test-classes). */
    public static Path certificateFile()
    {
        try
        {
            return Path.of(TestTls.class.getResource(CERTIFICATE_PEM).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
