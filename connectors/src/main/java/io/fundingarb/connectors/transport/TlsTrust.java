package io.fundingarb.connectors.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts for {@link WsConnection} ({@link WsConfig#withTrustedCertificate}) and
 * {@link RestClient}: the JDK trust store (the default, for real venues) or exactly the given
 * certificates (a private venue endpoint, a test server with a self-signed certificate). The
 * host name is verified either way (HTTPS endpoint identification).
 */
public final class TlsTrust
{
    private TlsTrust()
    {
    }

    /** The JDK trust store, host name verified: what real venues need. */
    public static SslContext jdkDefault()
    {
        return build(SslContextBuilder.forClient());
    }

    /** Trusts only {@code certificates} (as anchors), host name verified. */
    public static SslContext trusting(final X509Certificate... certificates)
    {
        if (certificates.length == 0)
        {
            throw new IllegalArgumentException("tls: at least one trusted certificate is required");
        }
        return build(SslContextBuilder.forClient().trustManager(certificates));
    }

    /** Trusts only the certificate(s) in {@code file} (PEM or DER), host name verified. */
    public static SslContext trusting(final Path file)
    {
        return trusting(readCertificate(file));
    }

    /** The first X.509 certificate in {@code file} (PEM or DER). */
    public static X509Certificate readCertificate(final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return (X509Certificate)CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        catch (final IOException | CertificateException ex)
        {
            throw new IllegalArgumentException("tls: cannot read a certificate from " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static SslContext build(final SslContextBuilder builder)
    {
        try
        {
            return builder.sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS").build();
        }
        catch (final SSLException ex)
        {
            throw new IllegalStateException("cannot build the TLS client context: " + ex.getMessage(), ex);
        }
    }
}
