package dev.pifleet.agent.cli;

import dev.pifleet.agent.AgentConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the CLI needs to know about the agent (where its local API listens, where its state folder is), read from the
 * same sources the agent reads, in the same order: system properties, environment, the file named by
 * {@code quarkus.config.locations} (the package's /etc/pifleet-agent/agent.properties), then application.properties.
 * The CLI runs before Quarkus, so it builds that configuration itself; the defaults stay in application.properties.
 */
record AgentSettings(URI agentUrl, Path stateDir) {

    static AgentSettings current() {
        return read(System.getenv(), System.getProperties().entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))));
    }

    static AgentSettings read(Map<String, String> env, Map<String, String> systemProperties) {
        SmallRyeConfig config = config(env, systemProperties, null);
        String host = config.getValue("quarkus.http.host", String.class);
        // The agent listening on every address is reached on loopback; a specific address is used as it is.
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = config.getValue("quarkus.http.port", Integer.class);
        return new AgentSettings(URI.create("http://" + host + ":" + port),
                Path.of(config.getValue("pifleet.agent.state-dir", String.class)));
    }

    /** The updater's settings (pifleet.agent.update.*, defaults from AgentConfig.Update), read the same way. */
    static AgentConfig.Update updateSettings() {
        SmallRyeConfig config = config(System.getenv(), System.getProperties().entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))),
                AgentConfig.Update.class);
        return config.getConfigMapping(AgentConfig.Update.class, "pifleet.agent.update");
    }

    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> systemProperties,
            Class<?> mapping) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(systemProperties, "system properties", 400))
                .withSources(new EnvConfigSource(env, 300))
                .withProfile(first(systemProperties.get("quarkus.profile"), env.get("QUARKUS_PROFILE"), "prod"));
        try {
            URL defaults = AgentSettings.class.getClassLoader().getResource("application.properties");
            if (defaults != null) {
                builder.withSources(new PropertiesConfigSource(defaults, 250));
            }
            String locations = first(systemProperties.get("quarkus.config.locations"),
                    env.get("QUARKUS_CONFIG_LOCATIONS"), "");
            for (String location : locations.split(",")) {
                Path file = Path.of(location.strip());
                if (!location.isBlank() && Files.isRegularFile(file)) {
                    builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), 260));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's configuration", e);
        }
        // Durations as the agent writes them ("120s"), not only ISO-8601: Quarkus's converter, as in the agent.
        builder.withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter());
        if (mapping != null) {
            builder.withMapping(mapping, "pifleet.agent.update").withValidateUnknown(false);
        }
        return builder.build();
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
