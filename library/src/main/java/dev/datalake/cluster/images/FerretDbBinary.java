package dev.datalake.cluster.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FerretDB's server binary for the offline MongoDB image, built on this machine with its Go
 * toolchain from the Go module (through the machine's Go module proxy settings), static
 * ({@code CGO_ENABLED=0}), with the SQLite backend only.
 *
 * <p>Why on the host and not in a build stage: FerretDB 1.24's go.mod asks for Go 1.24, which
 * Debian bookworm does not package (backports stop at 1.23), and a Go build inside a container
 * would need the CA bundle and the proxy settings of the host anyway. The binary is cached under
 * {@code ~/.cache/datalake-cluster}, so a removed image is rebuilt without compiling again.
 */
final class FerretDbBinary {

    static final String MODULE = "github.com/FerretDB/FerretDB";
    static final String VERSION = "v1.24.2";
    /** The PostgreSQL backend is left out: the image runs SQLite only, and the build is smaller. */
    static final String BUILD_TAGS = "ferretdb_no_postgresql";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern DIR = Pattern.compile("\"Dir\"\\s*:\\s*\"([^\"]+)\"");
    private static final Logger LOG = LoggerFactory.getLogger(FerretDbBinary.class);

    private FerretDbBinary() {
    }

    /** What stands for the binary in the image's tag. */
    static String fingerprint() {
        return MODULE + "@" + VERSION + " tags=" + BUILD_TAGS + " arch=" + goArch();
    }

    /** The binary, built once per machine. */
    static synchronized Path ensure() {
        Path cached = cacheDir().resolve("ferretdb-" + VERSION + "-linux-" + goArch()).resolve("ferretdb");
        if (Files.isExecutable(cached)) {
            return cached;
        }
        long started = System.nanoTime();
        Path work = null;
        try {
            work = Files.createTempDirectory("datalake-ferretdb-");
            String downloaded = go(work, List.of("mod", "download", "-json", MODULE + "@" + VERSION));
            Matcher dir = DIR.matcher(downloaded);
            if (!dir.find()) {
                throw failure("`go mod download " + MODULE + "@" + VERSION + "` did not say where it put the module",
                        downloaded);
            }
            Path source = work.resolve("src");
            copyTree(Path.of(dir.group(1)), source);
            // what FerretDB's own build generates (`task gen-version`): it refuses to start without it
            Files.writeString(source.resolve("build/version/version.txt"), VERSION + "\n");
            Files.writeString(source.resolve("build/version/package.txt"), "datalake-cluster\n");
            Path binary = work.resolve("ferretdb");
            go(source, List.of("build", "-trimpath", "-tags", BUILD_TAGS, "-o", binary.toString(), "./cmd/ferretdb"));
            Files.createDirectories(cached.getParent());
            Path partial = cached.resolveSibling("ferretdb.partial");
            Files.copy(binary, partial, StandardCopyOption.REPLACE_EXISTING);
            partial.toFile().setExecutable(true, false);
            Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("built FerretDB {} with Go in {} s: {}", VERSION, (System.nanoTime() - started) / 1_000_000_000,
                    cached);
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("could not build FerretDB " + VERSION, e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /** Runs {@code go args} in {@code dir} for linux and the engine's architecture; returns its output. */
    private static String go(Path dir, List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(goCommand());
        command.addAll(args);
        ProcessBuilder process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = process.environment();
        env.put("CGO_ENABLED", "0");
        env.put("GOOS", "linux");
        env.put("GOARCH", goArch());
        // the module's own toolchain line must not trigger a toolchain download
        env.putIfAbsent("GOTOOLCHAIN", "local");
        env.put("GOFLAGS", "-buildvcs=false");
        Process running;
        try {
            running = process.start();
        } catch (IOException e) {
            throw new IllegalStateException("The offline MongoDB image runs FerretDB " + VERSION + ", built here from "
                    + "its Go module, which needs Go 1.24 or newer on PATH (or GO_BINARY naming it): install Go from "
                    + "your package manager or go.dev, or use the upstream image set (the official mongo image).", e);
        }
        running.getOutputStream().close();
        byte[] output;
        try {
            output = running.getInputStream().readAllBytes();
            if (!running.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                running.destroyForcibly();
                throw failure("`go " + args.get(0) + "` did not finish within " + TIMEOUT.toMinutes() + " minutes", "");
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building FerretDB", e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (running.exitValue() != 0) {
            throw failure("`go " + String.join(" ", args) + "` failed (exit " + running.exitValue() + ")", text);
        }
        return text;
    }

    private static IllegalStateException failure(String what, String output) {
        String tail = output.lines().skip(Math.max(0, output.lines().count() - 30))
                .reduce("", (a, b) -> a + "\n  " + b);
        return new IllegalStateException("could not build FerretDB " + VERSION + " for the offline MongoDB image: " + what
                + (tail.isEmpty() ? "" : "; its output ends with:" + tail)
                + "\nCheck that Go 1.24+ can reach the Go module proxy (GOPROXY), or use the upstream image set.");
    }

    private static String goCommand() {
        String explicit = System.getenv("GO_BINARY");
        return explicit == null || explicit.isBlank() ? "go" : explicit;
    }

    /** The architecture the Docker engine runs, as Go names it (the engine is assumed to be the host's). */
    static String goArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("datalake-cluster");
    }

    /** Copies the module (read-only in Go's module cache) into a writable tree. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                    target.toFile().setWritable(true, true);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                path.toFile().setWritable(true, true);
                path.toFile().delete();
            });
        } catch (IOException e) {
            LOG.debug("could not delete {}", root, e);
        }
    }
}
