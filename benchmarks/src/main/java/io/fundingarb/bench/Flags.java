package io.fundingarb.bench;

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

    private Flags()
    {
    }
}
