package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every route file in routes/ is valid Camel YAML DSL (the JSON schema camel-yaml-dsl ships) and Camel can read it
 * into route definitions: a typo in a step name fails here, in seconds, not at start-up.
 */
class RouteFilesTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl ships schema/camelYamlDsl.json").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static Stream<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> list = files.filter(f -> f.toString().endsWith(RouteSources.SUFFIX)).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void matchesTheCamelYamlDslSchema(Path file) throws Exception {
        Object yaml = new Yaml(new LoaderOptions()).load(Files.readString(file));
        JsonNode tree = new ObjectMapper().valueToTree(yaml);
        // Camel resolves a property placeholder ({{bridge.x}}) before it converts the value, so a placeholder stands
        // where the schema wants a boolean or a number; every other mismatch is an error
        List<ValidationMessage> errors = schema.validate(tree).stream()
                .filter(e -> !(e.getInstanceNode() != null && e.getInstanceNode().isTextual()
                        && e.getInstanceNode().asText().matches("\\{\\{[^{}]+}}")))
                .toList();
        assertThat(errors).as(file + " against the Camel YAML DSL schema").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void camelReadsItIntoRouteDefinitions(Path file) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            // the shared error policies first: routes name them by id
            PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:routes/error-handling.camel.yaml"));
            if (!file.getFileName().toString().equals("error-handling.camel.yaml")) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
            }
            ModelCamelContext model = (ModelCamelContext) camel;
            assertThat(model.getRouteDefinitions().size() + model.getRouteConfigurationDefinitions().size())
                    .as(file + " defines routes or route configurations").isPositive();
            model.getRouteDefinitions().forEach(r -> assertThat(r.getRouteId()).as("every route in " + file + " has an id").isNotBlank());
        }
    }

    @org.junit.jupiter.api.Test
    void theJarShipsEveryRouteFileOfTheRepository() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(RouteSources.shippedNames()).containsExactlyElementsOf(
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(RouteSources.SUFFIX)).sorted().toList());
        }
    }
}
