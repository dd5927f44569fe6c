package dev.datalake.cluster.images;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one image build says, as it says it: its steps in the log, its last lines for an error, and
 * the step images it created, which a failed build removes (the legacy builder says
 * {@code ---> <id>} after each step; after {@code ---> Using cache} the id is an earlier build's).
 */
final class BuildOutput extends BuildImageResultCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);
    private static final int LAST_LINES = 30;

    private final String name;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<String> created = new ArrayList<>();
    private boolean cached;

    BuildOutput(String name) {
        this.name = name;
    }

    @Override
    public void onNext(BuildResponseItem item) {
        String text = item.getStream();
        if (text != null) {
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                record(line.strip());
                if (line.startsWith("Step ")) {
                    LOG.info("[{}] {}", name, line.strip());
                } else {
                    LOG.debug("[{}] {}", name, line.strip());
                }
            }
        }
        super.onNext(item);
    }

    private synchronized void record(String line) {
        lastLines.addLast(line);
        if (lastLines.size() > LAST_LINES) {
            lastLines.removeFirst();
        }
        if (line.equals("---> Using cache")) {
            cached = true;
        } else if (line.matches("---> [0-9a-f]{12,64}")) {
            if (!cached) {
                created.add(line.substring(5));
            }
            cached = false;
        }
    }

    /** The last lines the build printed. */
    synchronized String tail() {
        return String.join("\n", lastLines);
    }

    /** The images this build created for its steps, the last first. */
    synchronized List<String> createdLastFirst() {
        List<String> layers = new ArrayList<>(created);
        java.util.Collections.reverse(layers);
        return layers;
    }
}
