package dev.datalake.cluster.testsupport;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import java.lang.reflect.Proxy;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.core.CreateContainerCmdModifier;

/** What a container's create-command modifiers make of an empty create command (no Docker needed). */
public final class CreateCommands {

    private CreateCommands() {}

    public static CreateContainerCmd of(GenericContainer<?> container) {
        HostConfig host = HostConfig.newHostConfig();
        String[] user = {null};
        CreateContainerCmd command = (CreateContainerCmd) Proxy.newProxyInstance(
                CreateCommands.class.getClassLoader(), new Class<?>[] {CreateContainerCmd.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHostConfig" -> host;
                    case "getUser" -> user[0];
                    case "withUser" -> {
                        user[0] = (String) args[0];
                        yield proxy;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "create command";
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
        for (CreateContainerCmdModifier modifier : container.getCreateContainerCmdModifiers()) {
            command = modifier.modify(command);
        }
        return command;
    }
}
