package dev.datalake.cluster.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of README.md and docs/*.md is a region of a source compiled with the tests: the
 * line right before each {@code ```java} is {@code <!-- snippet: library/src/test/java/...java#tag -->},
 * and the block equals the lines between {@code // tag::tag[]} and {@code // end::tag[]} of that
 * file, common indentation stripped. Fix a difference in the source and copy the region into the page.
 */
class DocsSnippetsTest {

    /** Where the sources of snippets live; each is compiled with the tests. */
    static final String SOURCES = "library/src/test/java/dev/datalake/cluster/docs/";

    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)#([\\w.-]+)\\s*-->");
    private static final Pattern TAG = Pattern.compile("//\\s*(tag|end)::([\\w.-]+)\\[\\]");

    @Test
    void everyJavaBlockIsTheTaggedRegionOfACompiledSource() {
        List<String> problems = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (Path page : pages()) {
            problems.addAll(check(page, used));
        }
        assertThat(problems).as("Java blocks in README.md and docs/ that are not their compiled source").isEmpty();
    }

    @Test
    void everyTaggedRegionIsShownSomewhere() {
        Set<String> used = new LinkedHashSet<>();
        pages().forEach(page -> check(page, used));
        List<String> unused = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepositoryFiles.path(SOURCES))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                for (String tag : regions(file).keySet()) {
                    String id = SOURCES + file.getFileName() + "#" + tag;
                    if (!used.contains(id)) {
                        unused.add(id);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(unused).as("tagged regions no page shows (remove the tags, or show the snippet)").isEmpty();
    }

    @Test
    void snippetSourcesUseTheExportedApiOnly() throws IOException {
        List<String> internal = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepositoryFiles.path(SOURCES))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                for (String line : read(file)) {
                    if (line.matches("import (static )?dev\\.datalake\\.cluster\\.(internal|images)\\..*")) {
                        internal.add(file.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertThat(internal).as("imports of packages module-info does not export").isEmpty();
    }

    @Test
    void aChangedBlockIsReportedWithItsPageAndSnippet() {
        List<String> source = List.of("class A {", "    void a() {", "        // tag::x[]", "        int one = 1;",
                "        // tag::inner[]", "        int two = 2;", "        // end::inner[]", "        // end::x[]",
                "    }", "}");
        assertThat(normalized(regions(source).get("x"))).containsExactly("int one = 1;", "int two = 2;");
        assertThat(normalized(regions(source).get("inner"))).containsExactly("int two = 2;");
        assertThat(compare("docs/a.md:3", "A.java#x", List.of("  int one = 1;", "  int two = 3;"),
                regions(source).get("x")))
                .contains("docs/a.md:3").contains("A.java#x").contains("int two = 3;").contains("int two = 2;");
        assertThat(compare("docs/a.md:3", "A.java#x", List.of("int one = 1;", "int two = 2;"),
                regions(source).get("x"))).isNull();
    }

    /** README.md and every page of docs/. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(RepositoryFiles.path("README.md")));
        try (Stream<Path> docs = Files.list(RepositoryFiles.path("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The problems of one page; the snippets it shows are added to {@code used}. */
    private static List<String> check(Path page, Set<String> used) {
        String name = RepositoryFiles.path("").relativize(page).toString();
        List<String> lines = read(page);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                boolean blockFollows = i + 1 < lines.size() && lines.get(i + 1).strip().equals("```java");
                if (!blockFollows) {
                    problems.add(name + ":" + (i + 1) + ": a snippet marker must stand right before a ```java block");
                }
                continue;
            }
            if (!line.equals("```java")) {
                continue;
            }
            String where = name + ":" + (i + 1);
            List<String> block = new ArrayList<>();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                block.add(lines.get(end));
                end++;
            }
            Matcher before = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : null;
            if (before == null || !before.matches()) {
                problems.add(where + ": a ```java block without a snippet marker on the line before it "
                        + "(<!-- snippet: " + SOURCES + "File.java#tag -->): every Java block comes from a compiled source");
            } else {
                String snippet = before.group(1) + "#" + before.group(2);
                used.add(snippet);
                String problem = compareWithSource(where, before.group(1), before.group(2), block);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            i = end;
        }
        return problems;
    }

    private static String compareWithSource(String where, String file, String tag, List<String> block) {
        String snippet = file + "#" + tag;
        Path source = RepositoryFiles.path(file);
        if (!file.endsWith(".java") || !Files.isRegularFile(source)) {
            return where + ": snippet " + snippet + ": no such Java source";
        }
        List<String> region = regions(source).get(tag);
        if (region == null) {
            return where + ": snippet " + snippet + ": the source has no region // tag::" + tag + "[] ... // end::"
                    + tag + "[]";
        }
        return compare(where, snippet, block, region);
    }

    /** Null when the block equals the region (indentation and trailing blanks aside), else the first difference. */
    static String compare(String where, String snippet, List<String> block, List<String> region) {
        List<String> shown = normalized(block);
        List<String> compiled = normalized(region);
        if (shown.equals(compiled)) {
            return null;
        }
        int line = 0;
        while (line < shown.size() && line < compiled.size() && shown.get(line).equals(compiled.get(line))) {
            line++;
        }
        return where + ": snippet " + snippet + " differs from its source at line " + (line + 1) + " of the block:"
                + "\n    page:   " + (line < shown.size() ? shown.get(line) : "(the block ends)")
                + "\n    source: " + (line < compiled.size() ? compiled.get(line) : "(the region ends)")
                + "\n  copy the region into the page (or change the source, which is compiled)";
    }

    /** Every tagged region of a source, markers of other regions inside it left out. */
    static Map<String, List<String>> regions(Path source) {
        return regions(read(source));
    }

    static Map<String, List<String>> regions(List<String> lines) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        Map<String, List<String>> done = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher tag = TAG.matcher(line.strip());
            if (tag.matches()) {
                if (tag.group(1).equals("tag")) {
                    open.put(tag.group(2), new ArrayList<>());
                } else {
                    List<String> region = open.remove(tag.group(2));
                    if (region == null) {
                        throw new IllegalStateException("// end::" + tag.group(2) + "[] without its // tag:: line");
                    }
                    done.put(tag.group(2), region);
                }
                continue;
            }
            open.values().forEach(region -> region.add(line));
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("regions never ended: " + open.keySet());
        }
        return done;
    }

    /** Common indentation stripped, trailing blanks of each line and blank lines at either end dropped. */
    static List<String> normalized(List<String> lines) {
        List<String> stripped = lines.stream().map(String::stripTrailing).toList();
        int indent = stripped.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> result = new ArrayList<>(stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
        while (!result.isEmpty() && result.get(0).isEmpty()) {
            result.remove(0);
        }
        while (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
            result.remove(result.size() - 1);
        }
        return result;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
