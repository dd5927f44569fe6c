package dev.datalake.cluster.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The user's pages: a short README, links that lead somewhere, nothing about this project's build machines. */
class DocsPagesTest {

    static final int README_MAX_LINES = 150;
    /** What belongs in CONTRIBUTING.md, never in a user's page. */
    private static final List<String> BUILD_MACHINE_WORDS = List.of("engine.sh", "shared/docker", "../shared",
            "not served here", ".ci/run");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void theReadmeIsShort() throws IOException {
        assertThat(Files.readAllLines(RepositoryFiles.path("README.md"))).as("README.md's lines")
                .hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void relativeLinksLeadToFilesOfTheRepository() {
        List<Path> pages = new ArrayList<>(DocsSnippetsTest.pages());
        pages.add(RepositoryFiles.path("CONTRIBUTING.md"));
        pages.add(RepositoryFiles.path("ARCHITECTURE.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LINK.matcher(read(page));
            while (link.find()) {
                String target = link.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue;
                }
                if (!Files.exists(page.getParent().resolve(target).normalize())) {
                    broken.add(RepositoryFiles.path("").relativize(page) + " -> " + link.group(1));
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void userPagesSayNothingAboutThisProjectsBuildMachines() {
        List<String> found = new ArrayList<>();
        for (Path page : DocsSnippetsTest.pages()) {
            String text = read(page);
            BUILD_MACHINE_WORDS.stream().filter(text::contains)
                    .forEach(word -> found.add(RepositoryFiles.path("").relativize(page) + ": " + word));
        }
        assertThat(found).as("build-machine facts in user pages (they go to CONTRIBUTING.md)").isEmpty();
    }

    private static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
