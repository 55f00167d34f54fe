package io.fundingarb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags every java process of the project gets (the parent pom's {@code fa.jvm.flags}),
 * as compile-time constants so JMH {@code @Fork(jvmArgsAppend = ...)} annotations can use them.
 * Keep in step with the pom.
 */
public final class Flags
{
    public static final String ADD_OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String ADD_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String ADD_EXPORTS_INTERNAL_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String ADD_EXPORTS_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    public static final String CHRONICLE_ANALYTICS_DISABLE = "-Dchronicle.analytics.disable=true";
    public static final String CHRONICLE_ANNOUNCER_DISABLE = "-Dchronicle.announcer.disable=true";
    /** JDK 24+ only: JDK 17 refuses to start with it, so it cannot be a {@code @Fork} constant. */
    public static final String UNSAFE_MEMORY_ACCESS_ALLOW = "--sun-misc-unsafe-memory-access=allow";

    private static final String[] COMMON =
    {
        ADD_OPENS_REFLECT,
        ADD_EXPORTS_NIO_CH,
        ADD_EXPORTS_INTERNAL_MISC,
        ADD_EXPORTS_INTERNAL_REF,
        ENABLE_NATIVE_ACCESS,
        CHRONICLE_ANALYTICS_DISABLE,
        CHRONICLE_ANNOUNCER_DISABLE,
    };

    private Flags()
    {
    }

    /** The flags for a JVM of the given feature version (e.g. 17, 25). */
    public static List<String> forJdk(final int feature)
    {
        final List<String> flags = new ArrayList<>(Arrays.asList(COMMON));
        if (feature >= 24)
        {
            flags.add(UNSAFE_MEMORY_ACCESS_ALLOW);
        }
        return flags;
    }

    /** The flags for a JVM of the same version as this one (JMH forks run the host's java by default). */
    public static List<String> forRunningJdk()
    {
        return forJdk(Runtime.version().feature());
    }
}
