package io.fundingarb.engine.app;

import io.fundingarb.engine.config.ConfigException;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.config.VenuesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One venue's API key and secret, read from the environment variables that
 * {@code venues.<venue>.api_key_env / api_secret_env} name. The values never appear in a message,
 * a log line or {@link #toString()}: errors name the variable, never its content.
 */
record VenueCredentials(String apiKey, String apiSecret)
{
    /**
     * The credentials of every enabled venue with a connector.
     *
     * @param env the environment ({@code System::getenv}).
     * @throws ConfigException naming the key, or the variable, that is missing.
     */
    static Map<String, VenueCredentials> fromEnvironment(final FundingArbConfig config, final String sourceName, final Function<String, String> env)
    {
        final Map<String, VenueCredentials> out = new LinkedHashMap<>();
        for (final String venue : VenuesConfig.WITH_CONNECTORS)
        {
            final VenueConfig vc = config.venues().get(venue);
            if (vc.enabled())
            {
                out.put(venue, new VenueCredentials(
                    read(sourceName, venue, "api_key_env", vc.apiKeyEnv(), "API key", env),
                    read(sourceName, venue, "api_secret_env", vc.apiSecretEnv(), "API secret", env)));
            }
        }
        return out;
    }

    private static String read(
        final String sourceName, final String venue, final String key, final String variable, final String what, final Function<String, String> env)
    {
        final String path = "venues." + venue + "." + key;
        if (variable.isEmpty())
        {
            throw new ConfigException(sourceName, path, "not set: live trading needs the name of the environment variable holding the " +
                venue + " " + what + " (or turn the venue off with venues." + venue + ".enabled: false)");
        }
        final String value = env.apply(variable);
        if (value == null || value.isBlank())
        {
            throw new ConfigException(sourceName, path, "environment variable " + variable + " is not set (it must hold the " + venue + " " + what + ")");
        }
        return value.strip();
    }

    @Override
    public String toString()
    {
        return "VenueCredentials{***}";
    }
}
