package io.fundingarb.connectors.transport;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A complete HTTP response. Header names are lower case. Any status is a response, not an
 * error: the caller (or {@link RestRetry}) decides what a 429, 418 or 5xx means.
 */
public record RestResponse(int status, Map<String, String> headers, byte[] body)
{
    public RestResponse
    {
        headers = Map.copyOf(headers);
    }

    /** A header's value, or null; the name is case-insensitive. */
    public String header(final String name)
    {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isSuccess()
    {
        return status >= 200 && status < 300;
    }

    /** 429 (rate limited), 418 (Binance IP ban after ignoring 429s) and 5xx are worth retrying later. */
    public boolean isRetryable()
    {
        return status == 429 || status == 418 || status >= 500;
    }

    /** The Retry-After header in nanoseconds (delta-seconds form), or -1 when absent or not a number. */
    public long retryAfterNs()
    {
        final String value = header("retry-after");
        if (value == null)
        {
            return -1;
        }
        try
        {
            final long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(seconds);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** The body as UTF-8 text (start-up code and tests only). */
    public String bodyText()
    {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return "RestResponse{status=" + status + ", bodyBytes=" + body.length + "}";
    }
}
