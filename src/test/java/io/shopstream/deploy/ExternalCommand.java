package io.shopstream.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a command-line tool from the repository root, with a deadline, and keeps what it printed. */
final class ExternalCommand {

    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + "\nstderr:\n"
                        + stderr + "\nstdout:\n" + stdout);
            }
            return this;
        }
    }

    private ExternalCommand() {
    }

    /** The tool's path on PATH, or an AssertionError explaining what is missing and how to get it. */
    static Path require(String tool, String howToInstall) {
        return find(tool).orElseThrow(() -> new AssertionError(
                "'" + tool + "' is not on PATH (" + System.getenv("PATH") + "): this test runs it. " + howToInstall));
    }

    static Optional<Path> find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Result run(List<String> command, Consumer<Map<String, String>> environment) {
        return run(command, environment, Duration.ofSeconds(60));
    }

    static Result run(List<String> command, Consumer<Map<String, String>> environment, Duration deadline) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("shopstream-cmd", ".out");
            err = Files.createTempFile("shopstream-cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(Path.of("").toAbsolutePath().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            environment.accept(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + deadline);
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
