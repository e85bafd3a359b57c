package io.fullscriptbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's Markdown report: written line by line to {@code target/bench/<run>.md} (what a run measured
 * survives a failure later on) and copied to {@code target/bench/report.md}; echoed to standard output.
 */
final class Report {

    private final Path file;
    private final Path latest;

    Report(Path directory, String run) {
        this.file = directory.resolve(run + ".md").toAbsolutePath();
        this.latest = directory.resolve("report.md").toAbsolutePath();
    }

    void header(int messages, int warmupRounds, List<String> jvmArgs, String load) {
        line("# Bridge benchmark " + Instant.now());
        line("");
        line("Bursts of " + messages + " messages after a warm-up of " + warmupRounds + " x 100 on each path; bridge JVM flags: " + (jvmArgs.isEmpty() ? "none (plain java -jar)" : String.join(" ", jvmArgs))
                + "; " + Runtime.getRuntime().availableProcessors() + " CPUs; load average at start: " + load);
    }

    void section(String title) {
        line("");
        line("## " + title);
        line("");
    }

    void line(String text) {
        System.out.println(text);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Files.copy(file, latest, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return file;
    }
}
