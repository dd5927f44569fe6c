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
        return "Airflow (running as " + (user == null ? "the image's user" : "uid:gid " + user) + ") cannot read "
                + "the DAG folder " + folder + " (mounted on " + AirflowContainer.DAGS_PATH + "); its scan would skip: "
                + String.join(", ", unreadable.strip().split("\n")) + ". Let the folder's owner read them "
                + "(chmod -R u+rX), or give them to the folder's owner.";
    }
}
