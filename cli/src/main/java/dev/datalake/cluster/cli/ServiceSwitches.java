package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.ServiceModules;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The switches of the optional services, derived from the registered modules: {@code --<service>}
 * for one that is off by default, {@code --no-<service>} for one that is on.
 */
final class ServiceSwitches {

    private ServiceSwitches() {}

    /** Adds a switch per optional service to {@code spec}. */
    static void addTo(CommandSpec spec) {
        for (ServiceModule module : ServiceModules.fresh()) {
            if (module.optional()) {
                String id = module.service().id();
                spec.addOption(OptionSpec.builder(name(module)).arity("0").type(boolean.class)
                        .description(module.enabled() ? "Run without " + id + "." : "Run " + id + " too.").build());
            }
        }
    }

    /** The services the switches of {@code spec} turn on or off, applied to {@code builder}. */
    static void apply(CommandSpec spec, DataLakeCluster.Builder builder) {
        for (ServiceModule module : ServiceModules.fresh()) {
            if (given(spec, module)) {
                builder.service(module.service(), !module.enabled());
            }
        }
    }

    /** The same for the modules of a compose file. */
    static void apply(CommandSpec spec, List<ServiceModule> modules) {
        for (ServiceModule module : modules) {
            if (given(spec, module)) {
                module.enable(!module.enabled());
            }
        }
    }

    private static boolean given(CommandSpec spec, ServiceModule module) {
        if (!module.optional()) {
            return false;
        }
        OptionSpec option = spec.findOption(name(module));
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    private static String name(ServiceModule module) {
        return (module.enabled() ? "--no-" : "--") + module.service().id();
    }
}
