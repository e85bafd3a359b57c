package io.fullscriptbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The settings the jar's ahead-of-time bean definitions were built with (D96), and the check that a start using them
 * has the same.
 *
 * <p>The build runs Spring's AOT processing with the {@code local} profile ({@code pom.xml}, {@code process-aot}): the
 * conditions ({@code @ConditionalOnProperty}, the profiles, Boot's auto-configuration) are decided then, and a start with
 * {@code -Dspring.aot.enabled=true} ({@code bin/bridge} on its embedded defaults) uses those decisions without
 * evaluating them again. A start whose settings would decide differently (another profile, the simulator off, an
 * external broker) would silently run the wrong beans, so:
 * <ul>
 * <li>while the build processes the application, every setting read from the context's refresh on (the conditions and
 * what the definitions were made from) is recorded, and {@link Contribution} writes each name with a hash of its value
 * (no values: they may be secrets) to {@value #RESOURCE};</li>
 * <li>a start with the AOT definitions compares each with its own setting and refuses to start on a difference,
 * naming the settings ({@link Analyzer}).</li>
 * </ul>
 */
public final class AotBuildSettings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String RESOURCE = "META-INF/fullscript-bridge/aot-settings.properties";
    private static final String ABSENT = "absent";
    private static final String PRESENT = "present";

    /**
     * Settings read while the definitions were made that do not decide them. {@code spring.application.pid} and
     * {@code spring.application.version} describe the process (the version is absent where the build ran the classes
     * directory, not the jar); {@code server.port} is only compared with {@code management.server.port} (a separate management
     * port), which is itself recorded.
     */
    static final Set<String> NOT_DECIDING = Set.of("spring.application.pid", "spring.application.version", "server.port");

    /**
     * Settings whose presence decides, not their value: whether a database URL is given (Boot's embedded-database
     * condition), and the data directory the local profile's URL names through a placeholder.
     */
    static final Set<String> PRESENCE_DECIDES = Set.of("spring.datasource.url", "spring.flyway.url", "bridge.data-dir");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            environment.getPropertySources().addFirst(new Recorder());
        } else if (AotDetector.useGeneratedArtifacts()) {
            List<String> differing = differences(recorded(context.getClassLoader()), environment);
            if (!differing.isEmpty()) {
                throw new SettingsDifferException(differing);
            }
        }
    }

    /** Each recorded name whose value here differs from the build's. */
    static List<String> differences(Properties recorded, Environment environment) {
        List<String> differing = new ArrayList<>();
        for (String name : new TreeSet<>(recorded.stringPropertyNames())) {
            if (!recorded.getProperty(name).equals(fingerprint(environment, name))) {
                differing.add(name);
            }
        }
        return differing;
    }

    static String fingerprint(Environment environment, String name) {
        if (NOT_DECIDING.contains(name)) {
            return ABSENT;
        }
        if (PRESENCE_DECIDES.contains(name)) {
            return environment.containsProperty(name) ? PRESENT : ABSENT;
        }
        String value;
        try {
            value = environment.getProperty(name);
        } catch (IllegalArgumentException unresolvable) {
            value = "unresolvable: " + unresolvable.getMessage();
        }
        if (value == null) {
            return ABSENT;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties recorded(ClassLoader classLoader) {
        Properties recorded = new Properties();
        try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("spring.aot.enabled is set, but the jar has no " + RESOURCE
                        + ": it was built without the AOT processing");
            }
            recorded.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
        return recorded;
    }

    /** Looked at first, answers nothing: only notes which settings were asked for. */
    static final class Recorder extends PropertySource<Object> {

        static final String NAME = "fullscriptBridgeAotRecorder";
        private final Set<String> names = new ConcurrentSkipListSet<>();

        Recorder() {
            super(NAME, new Object());
        }

        @Override
        public Object getProperty(String name) {
            names.add(name);
            return null;
        }

        Set<String> names() {
            return names;
        }
    }

    /** At the end of the build's processing: the recorded names and the hashes of their values, as a resource. */
    static final class Contribution implements BeanFactoryInitializationAotProcessor {

        @Override
        public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
            ConfigurableEnvironment environment = beanFactory.getBean(ConfigurableEnvironment.class);
            if (!(environment.getPropertySources().get(Recorder.NAME) instanceof Recorder recorder)) {
                return null;
            }
            environment.getPropertySources().remove(Recorder.NAME);
            Properties settings = new Properties();
            for (String name : recorder.names()) {
                settings.setProperty(name, fingerprint(environment, name));
            }
            String text = write(settings);
            return (generation, code) -> generation.getGeneratedFiles()
                    .addResourceFile(RESOURCE, new ByteArrayResource(text.getBytes(StandardCharsets.ISO_8859_1)));
        }

        private static String write(Properties properties) {
            StringWriter out = new StringWriter();
            try {
                properties.store(out, "the settings the AOT bean definitions were built with: name = hash of the value (AotBuildSettings)");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toString();
        }
    }

    static final class SettingsDifferException extends IllegalStateException {

        private final List<String> names;

        SettingsDifferException(List<String> names) {
            super("settings differ from the ones the ahead-of-time bean definitions were built with: " + names);
            this.names = List.copyOf(names);
        }

        List<String> names() {
            return names;
        }
    }

    /** Says which settings differ and how to start anyway. */
    static final class Analyzer extends AbstractFailureAnalyzer<SettingsDifferException> {

        @Override
        protected FailureAnalysis analyze(Throwable root, SettingsDifferException cause) {
            return new FailureAnalysis(
                    "The bridge was started with its ahead-of-time bean definitions (-Dspring.aot.enabled=true), which"
                            + " were built with the local profile's settings, and these settings differ from them: "
                            + String.join(", ", cause.names()) + ". The definitions would not match them.",
                    "Start without the ahead-of-time definitions: BRIDGE_AOT=off with bin/bridge, or leave out"
                            + " -Dspring.aot.enabled=true (the same function, about a second slower to start).",
                    cause);
        }
    }
}
