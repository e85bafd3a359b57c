package io.fullscriptbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A JVM the benchmark measures from outside (the bridge jar, the simulator): started in a working directory of its
 * own with its output in a log file, its resident memory read from /proc, stopped with SIGTERM (SIGKILL after 20 s).
 */
final class BenchProcess implements AutoCloseable {

    /** The built jar, or {@code bench.jar} (e.g. the jar Spring Boot's {@code extract} wrote, for class data sharing). */
    static final Path JAR = Path.of(System.getProperty("bench.jar", "target/fullscript-bridge-0.1.0-SNAPSHOT.jar")).toAbsolutePath();

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private BenchProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** {@code java <jvmArgs> -jar <the built jar> <args>} in {@code workDir}. */
    static BenchProcess startJar(String name, Path jar, List<String> jvmArgs, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("SPRING_PROFILES_ACTIVE");
            long started = System.nanoTime();
            return new BenchProcess(name, builder.start(), log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits for the process to end by itself (a training run); its exit value. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** Waits until GET url answers 200; returns the seconds since the process was started. */
    double awaitHttpOk(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await(name + " answers 200 at " + url).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far, user and system, in seconds (/proc/pid/stat, 100 ticks a second). */
    double cpuSeconds() {
        return ticks(Path.of("/proc", Long.toString(process.pid()), "stat")) / 100.0;
    }

    /**
     * The same without the JIT compiler's threads (C1/C2 CompilerThread): what the process's own work costs once
     * compiled. Compilation goes on for minutes under load and takes a varying share of the two cores.
     */
    double cpuSecondsWithoutCompiler() {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            long ticks = 0;
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks += ticks(task.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // a thread that ended meanwhile
                }
            }
            return ticks / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // fields from the state on: utime and stime are the 12th and 13th (stat's 14th and 15th)
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Current resident set size in MiB (VmRSS). */
    double rssMib() {
        return procStatusKib("VmRSS:") / 1024.0;
    }

    /** Peak resident set size since start in MiB (VmHWM, the kernel's high-water mark). */
    double peakRssMib() {
        return procStatusKib("VmHWM:") / 1024.0;
    }

    private long procStatusKib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jcmd <pid> <command…>}, e.g. JFR.start; fails when jcmd does. */
    String jcmd(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** {@code <tool> <arguments…> <pid>} (async-profiler's asprof); fails when the tool does. */
    String run(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(arguments));
        command.add(Long.toString(process.pid()));
        return run(command);
    }

    private static String run(List<String> command) {
        String arguments = String.join(" ", command);
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException(arguments + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
