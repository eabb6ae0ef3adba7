package io.kin.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository's {@code docker-compose.yml}, read so tests can check it against the code. */
public final class ComposeFile {

    private final Path root;
    private final JsonNode services;

    private ComposeFile(Path root, JsonNode document) {
        this.root = root;
        this.services = document.path("services");
    }

    /** Finds the compose file by walking up from the working directory (a module directory under Maven). */
    public static ComposeFile locate() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(dir.resolve("docker-compose.yml").toFile());
        return new ComposeFile(dir, doc);
    }

    public Path root() {
        return root;
    }

    public List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Services whose image is built from the given Dockerfile path (relative to the repository root). */
    public List<String> servicesBuiltFrom(String dockerfile) {
        List<String> names = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            JsonNode build = e.getValue().path("build");
            if (dockerfile.equals(build.path("dockerfile").asText(null))) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /** Build context and Dockerfile of every service that builds an image, both resolved against the root. */
    public Map<String, List<Path>> buildPaths() {
        Map<String, List<Path>> paths = new LinkedHashMap<>();
        services.fields().forEachRemaining(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) {
                return;
            }
            String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
            Path contextDir = root.resolve(context).normalize();
            List<Path> p = new ArrayList<>();
            p.add(contextDir);
            if (build.has("dockerfile")) {
                p.add(contextDir.resolve(build.path("dockerfile").asText()).normalize());
            }
            paths.put(e.getKey(), p);
        });
        return paths;
    }

    /** The environment a service sets, in either of compose's list or map forms. */
    public Map<String, String> environment(String service) {
        JsonNode env = services.path(service).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isArray()) {
            env.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        }
        return result;
    }

    /** The environment-variable spelling of a configuration property, as MicroProfile Config maps it. */
    public static String envName(String property) {
        StringBuilder sb = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString();
    }
}
