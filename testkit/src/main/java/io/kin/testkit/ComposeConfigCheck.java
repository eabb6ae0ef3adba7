package io.kin.testkit;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the compose file against a running application's configuration: run inside a {@code @QuarkusTest},
 * so the set of known keys is the application's own (its {@code application.properties} and config mappings).
 */
public final class ComposeConfigCheck {

    private ComposeConfigCheck() {
    }

    /** Variables that are not configuration keys but are read by the container image itself. */
    private static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND");

    public static void assertServicesUseKnownSettings(String dockerfile) throws IOException {
        ComposeFile compose = ComposeFile.locate();
        List<String> services = compose.servicesBuiltFrom(dockerfile);
        assertThat(services).as("services built from %s", dockerfile).isNotEmpty();

        Set<String> known = new HashSet<>();
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            // names without a dot come from the process environment itself, not from the application
            if (name.indexOf('.') > 0) {
                known.add(ComposeFile.envName(name));
            }
        }
        for (String service : services) {
            Map<String, String> env = compose.environment(service);
            assertThat(env).as("environment of %s", service).isNotEmpty();
            for (String variable : env.keySet()) {
                if (IMAGE_VARIABLES.contains(variable)) {
                    continue;
                }
                assertThat(known).as("%s sets %s, which is no setting of the application", service, variable)
                        .contains(variable);
            }
        }
        compose.buildPaths().forEach((service, paths) -> paths.forEach(p ->
                assertThat(Files.exists(p)).as("build path %s of %s exists", p, service).isTrue()));
        assertThat(Files.exists(compose.root().resolve(Path.of(dockerfile)))).isTrue();
    }
}
