package io.fundingarb.engine.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a fundingarb child JVM: this JVM's java, its module flags, its class path, {@link Main} and the arguments. */
final class ChildJvm
{
    private ChildJvm()
    {
    }

    static List<String> main(final String maxHeap, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
