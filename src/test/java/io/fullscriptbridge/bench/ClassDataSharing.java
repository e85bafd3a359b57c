package io.fullscriptbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A static class data sharing archive (AppCDS), the recipe bin/bridge uses (D87): extract the jar
 * ({@code java -Djarmode=tools -jar app.jar extract}), one whole training start that exits once ready, with
 * {@code -XX:DumpLoadedClassList=classes.lst} and {@code --bridge.exit-when-ready=true} (D94), the list without its
 * {@code @lambda-proxy} lines, then {@code java -Xshare:dump -XX:SharedClassListFile=… -XX:SharedArchiveFile=app.jsa
 * -cp <extracted jar>}; the bridge starts from the extracted jar with {@code -XX:SharedArchiveFile=app.jsa}.
 * Spring Boot's dynamic recipe ({@code -XX:ArchiveClassesAtExit}) and a static dump with the lambda proxies both crash
 * JDK 17.0.15 in {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary} (docs/benchmarks.md).
 */
record ClassDataSharing(Path jar, Path archive) {

    static ClassDataSharing prepare(Path dir, List<String> jvmArgs, List<String> bridgeArgs) throws Exception {
        Path extracted = dir.resolve("extracted");
        BenchProcess extract = BenchProcess.startJar("extract", BenchProcess.JAR, List.of("-Djarmode=tools"),
                List.of("extract", "--destination", extracted.toString()), dir);
        if (extract.awaitExit(Duration.ofMinutes(3)) != 0) {
            throw new IllegalStateException("jar extract failed; see " + extract.log());
        }
        Path jar;
        try (var files = Files.list(extracted)) {
            jar = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path archive = dir.resolve("bridge.jsa");
        Path classList = dir.resolve("classes.lst");
        List<String> training = new ArrayList<>(jvmArgs);
        training.add("-XX:DumpLoadedClassList=" + classList);
        List<String> trainingArgs = new ArrayList<>(bridgeArgs);
        trainingArgs.add("--bridge.exit-when-ready=true");
        BenchProcess train = BenchProcess.startJar("cds-training", jar, training, trainingArgs, dir.resolve("training"));
        train.awaitExit(Duration.ofMinutes(5));
        Path staticList = dir.resolve("classes-static.lst");
        try (var lines = Files.lines(classList)) {
            Files.write(staticList, lines.filter(line -> !line.startsWith("@lambda-proxy")).toList());
        }
        List<String> dump = new ArrayList<>();
        dump.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + staticList, "-XX:SharedArchiveFile=" + archive,
                "-cp", jar.toString()));
        Process dumping = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(dir.resolve("dump.log").toFile()).start();
        if (!dumping.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || dumping.exitValue() != 0 || !Files.exists(archive)) {
            dumping.destroyForcibly();
            throw new IllegalStateException("the archive dump failed; see " + dir.resolve("dump.log"));
        }
        return new ClassDataSharing(jar, archive);
    }
}
