package dev.datalake.cluster.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Notebooks for the ITs that run them in Jupyter's container. */
public final class Notebooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Notebooks() {}

    /** A version-4 notebook {@code dir/name} with one code cell per source (Python 3 kernel). */
    public static Path write(Path dir, String name, String... sources) throws IOException {
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec")
                .put("name", "python3").put("display_name", "Python 3").put("language", "python");
        ArrayNode cells = nb.putArray("cells");
        int id = 0;
        for (String source : sources) {
            ObjectNode cell = cells.addObject();
            cell.put("cell_type", "code").put("id", "cell-" + id++).putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", source);
        }
        return Files.writeString(dir.resolve(name), JSON.writeValueAsString(nb));
    }
}
