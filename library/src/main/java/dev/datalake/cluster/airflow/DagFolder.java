package dev.datalake.cluster.airflow;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The host's DAG folder as Airflow's container sees it: its bind, its owner, what Airflow cannot read in it. */
final class DagFolder {

    /**
     * Run in the container as its user: exits 1 listing (up to 10) paths under the DAG folder it
     * cannot read, or the folder itself when it cannot list it.
     */
    static final String UNREADABLE_SCRIPT = String.join("\n",
            "cd " + AirflowContainer.DAGS_PATH + " 2>/dev/null && ls -A . > /dev/null 2>&1"
                    + " || { echo " + AirflowContainer.DAGS_PATH + "; exit 1; }",
            "unreadable=\"$(find . ! -readable -print 2>/dev/null | head -n 10)\"",
            "[ -z \"$unreadable\" ] || { printf '%s\\n' \"$unreadable\"; exit 1; }");

    private DagFolder() {}

    /** {@code folder} mounted read-only on {@code containerPath}. */
    static Bind bind(Path folder, String containerPath) {
        return new Bind(folder.toString(), new Volume(containerPath), AccessMode.ro);
    }

    /**
     * Adds {@code bind} to the create command itself (replacing one on the same path). A bind
     * declared through Testcontainers ({@code withFileSystemBind}) makes it first check that host
     * files can be mounted, by running {@code alpine:3.17}: where no registry is reachable that
     * costs minutes of pull retries before every start.
     */
    static void mount(CreateContainerCmd command, Bind bind) {
        if (bind == null) {
            return;
        }
        HostConfig host = command.getHostConfig();
        List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : Arrays.asList(host.getBinds()));
        binds.removeIf(existing -> bind.getVolume().getPath().equals(existing.getVolume().getPath()));
        binds.add(bind);
        host.withBinds(binds);
    }

    /** {@code <uid of the folder's owner>:<group>}, or null where the file system has no unix owners. */
    static String ownerWithGroup(Path folder, int group) {
        try {
            return Files.getAttribute(folder, "unix:uid") + ":" + group;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** What a start says when Airflow cannot read (part of) the DAG folder; {@code unreadable} is the script's output. */
    static String unreadableMessage(Path folder, String user, String unreadable) {
        return unreadableMessage(folder, user, unreadable, false);
    }

    /**
     * As {@link #unreadableMessage(Path, String, String)}; {@code remappedUsers} when the engine runs
     * rootless or with user-namespace remapping, where a uid in the container is another user on
     * the host, so the owner's permissions do not apply and chmod for the owner cannot help.
     */
    static String unreadableMessage(Path folder, String user, String unreadable, boolean remappedUsers) {
        String what = "Airflow (running as " + (user == null ? "the image's user" : "uid:gid " + user) + ") cannot read "
                + "the DAG folder " + folder + " (mounted on " + AirflowContainer.DAGS_PATH + "); its scan would skip: "
                + String.join(", ", unreadable.strip().split("\n")) + ". ";
        if (remappedUsers) {
            return what + "The Docker engine runs rootless or remaps user namespaces, so the container's uid is not "
                    + "the folder's owner on this machine: let others read the folder (chmod -R o+rX on it and its "
                    + "parents), or use a folder outside your private home.";
        }
        return what + "Let the folder's owner read them (chmod -R u+rX), or give them to the folder's owner.";
    }

    /** Whether the engine runs rootless or with user-namespace remapping (its security options say so). */
    static boolean engineRemapsUsers(List<String> securityOptions) {
        return securityOptions != null && securityOptions.stream()
                .anyMatch(o -> o.contains("name=rootless") || o.contains("name=userns"));
    }
}
