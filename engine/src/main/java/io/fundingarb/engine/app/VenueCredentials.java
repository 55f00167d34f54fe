package io.fundingarb.engine.app;

import io.fundingarb.engine.config.ConfigException;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.config.VenuesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        final List<String[]> missing = new ArrayList<>(); // {path, message}: every one is reported at once
        for (final String venue : VenuesConfig.WITH_CONNECTORS)
        {
            final VenueConfig vc = config.venues().get(venue);
            if (vc.enabled())
            {
                final String key = read(venue, "api_key_env", vc.apiKeyEnv(), "API key", env, missing);
                final String secret = read(venue, "api_secret_env", vc.apiSecretEnv(), "API secret", env, missing);
                if (key != null && secret != null)
                {
                    out.put(venue, new VenueCredentials(key, secret));
                }
            }
        }
        if (!missing.isEmpty())
        {
            final StringBuilder message = new StringBuilder(missing.get(0)[1]);
            for (int i = 1; i < missing.size(); i++)
            {
                message.append(i == 1 ? "; also " : "; ").append(missing.get(i)[0]).append(": ").append(missing.get(i)[1]);
            }
            throw new ConfigException(sourceName, missing.get(0)[0], message.toString());
        }
        return out;
    }

    /** The variable's value, or null after adding what is missing to {@code missing}. */
    private static String read(
        final String venue, final String key, final String variable, final String what, final Function<String, String> env, final List<String[]> missing)
    {
        final String path = "venues." + venue + "." + key;
        if (variable.isEmpty())
        {
            missing.add(new String[] {path, "not set: live trading needs the name of the environment variable holding the " +
                venue + " " + what + " (or turn the venue off with venues." + venue + ".enabled: false)"});
            return null;
        }
        final String value = env.apply(variable);
        if (value == null || value.isBlank())
        {
            missing.add(new String[] {path, "environment variable " + variable + " is not set (it must hold the " + venue + " " + what + ")"});
            return null;
        }
        return value.strip();
    }

    @Override
    public String toString()
    {
        return "VenueCredentials{***}";
    }
}
