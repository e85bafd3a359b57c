package io.fullscriptbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Spring Boot's class data sharing recipe on JDK 17 (docs.spring.io/spring-boot/reference/packaging/class-data-sharing):
 * extract the jar ({@code java -Djarmode=tools -jar app.jar extract}), one training run that refreshes the context
 * and exits ({@code -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh}), then start the extracted jar
 * with {@code -XX:SharedArchiveFile=app.jsa}. ({@code -XX:+AutoCreateSharedArchive} needs JDK 19.)
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
        List<String> training = new ArrayList<>(jvmArgs);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        training.add("-Dspring.context.exit=onRefresh");
        BenchProcess train = BenchProcess.startJar("cds-training", jar, training, bridgeArgs, dir.resolve("training"));
        train.awaitExit(Duration.ofMinutes(5));
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no archive; see " + train.log());
        }
        return new ClassDataSharing(jar, archive);
    }
}
