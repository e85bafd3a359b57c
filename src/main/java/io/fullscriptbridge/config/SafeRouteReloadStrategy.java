package io.fullscriptbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route file watcher, made safe for a running integration: a route file that is broken when saved (YAML
 * that does not parse, a step Camel cannot build) leaves the routes of the last good version of that file running,
 * and the failure is reported (log, {@link #brokenFiles()}, metrics) until a good version is saved.
 *
 * <p>Camel parses a changed file before it removes the file's routes, so a syntax error never touches the running
 * routes; but a file that parses and then fails while its routes are built (an unknown bean, a bad endpoint) has
 * already removed them. This strategy keeps each file's last good text and, after such a failure, loads that text
 * again under the same location.
 */
public class SafeRouteReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger log = LoggerFactory.getLogger(SafeRouteReloadStrategy.class);

    /** A file whose last save could not be loaded, and why. */
    public record BrokenFile(String file, String error, Instant at) {
    }

    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    private final Map<String, BrokenFile> broken = new ConcurrentHashMap<>();
    private final AtomicLong reloaded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Clock clock;

    public SafeRouteReloadStrategy(Path directory, Clock clock) {
        super(directory.toAbsolutePath().normalize().toString(), false);
        setPattern("*" + RouteSources.SUFFIX);
        setRemoveAllRoutes(false);
        this.clock = clock;
    }

    /** Remembers the text a route file was loaded with at start-up, so a broken first save can be undone. */
    public void rememberLoaded(String fileName, String content) {
        lastGood.put(fileName, content);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null || resources.isEmpty()) {
            super.onRouteReload(resources, removeEverything);
            return;
        }
        for (Resource resource : resources) {
            reload(resource);
        }
    }

    private void reload(Resource resource) {
        String name = fileName(resource);
        String content;
        try {
            content = read(resource);
        } catch (IOException e) {
            fail(name, resource, "unreadable: " + e.getMessage(), e);
            return;
        }
        if (content.isBlank()) {
            // an editor truncates before it writes: the next event carries the content
            log.debug("route file {} is empty; waiting for its content", name);
            return;
        }
        try {
            super.onRouteReload(List.of(resource), false);
            lastGood.put(name, content);
            broken.remove(name);
            reloaded.incrementAndGet();
            log.info("route file reloaded file={}", name);
        } catch (RuntimeException e) {
            restore(name, resource);
            fail(name, resource, rootMessage(e), e);
        }
    }

    private void restore(String name, Resource resource) {
        String good = lastGood.get(name);
        if (good == null) {
            return;
        }
        try {
            super.onRouteReload(List.of(ResourceHelper.fromString(resource.getLocation(), good)), false);
            log.warn("route file {} is broken; its last good version is running again", name);
        } catch (RuntimeException e) {
            log.error("route file {} is broken and its last good version could not be restored", name, e);
        }
    }

    private void fail(String name, Resource resource, String reason, Exception e) {
        rejected.incrementAndGet();
        broken.put(name, new BrokenFile(name, reason, clock.instant()));
        // Camel's watcher logs the stack trace too; this line says what an engineer must do
        log.error("route file not loaded file={} reason={} (the previous version keeps running; fix and save again)", name, reason);
        throw new IllegalStateException("route file " + name + " not loaded: " + reason, e);
    }

    /** Files whose last save could not be loaded (the previous version of each is running). */
    public Collection<BrokenFile> brokenFiles() {
        return List.copyOf(broken.values());
    }

    public long reloadedCount() {
        return reloaded.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fileName(Resource resource) {
        String location = resource.getLocation();
        int slash = location.lastIndexOf('/');
        return slash >= 0 ? location.substring(slash + 1) : location;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
