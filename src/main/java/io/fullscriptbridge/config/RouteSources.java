package io.fullscriptbridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Where the route files come from: the ones shipped in the jar ({@code classpath:routes/*.camel.yaml}), each
 * replaced by a file of the same name in the override directory when there is one, plus any further
 * {@code *.camel.yaml} files of that directory. The jar therefore runs from any working directory, and an
 * integration engineer can change one route without rebuilding it.
 */
public final class RouteSources {

    public static final String SUFFIX = ".camel.yaml";
    static final String SHIPPED = "classpath:routes/*" + SUFFIX;

    private RouteSources() {
    }

    /**
     * The route resources to load, in a stable order (by file name), as Camel resource locations.
     *
     * @param overrideDirectory the directory whose files replace or add to the shipped ones; null or missing = none
     */
    public static List<String> locations(Path overrideDirectory) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String name : shippedNames()) {
            byName.put(name, "classpath:routes/" + name);
        }
        if (overrideDirectory != null && Files.isDirectory(overrideDirectory)) {
            for (Path file : overridingFiles(overrideDirectory)) {
                byName.put(file.getFileName().toString(), "file:" + file.toAbsolutePath().normalize());
            }
        }
        return byName.keySet().stream().sorted().map(byName::get).toList();
    }

    /** The names of the route files inside the jar. */
    public static List<String> shippedNames() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(RouteSources.class.getClassLoader()).getResources(SHIPPED);
            List<String> names = new ArrayList<>();
            for (Resource r : resources) {
                if (r.getFilename() != null) {
                    names.add(r.getFilename());
                }
            }
            return names.stream().sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the route files shipped in the jar", e);
        }
    }

    private static List<Path> overridingFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the route directory " + directory, e);
        }
    }
}
