package dev.pifleet.agent.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.AgentJson;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native build cannot run here (no native-image, no arm64), so this checks what it depends on: every class the
 * reflection config names exists, every resource include matches files of both Pi architectures, and the records the
 * agent reads and writes with its own Jackson mapper are registered for reflection.
 */
class NativeImageConfigTest {

    private static final String REFLECT_CONFIG = "META-INF/native-image/dev.pifleet/pi-agent/reflect-config.json";
    private static List<String> resources;

    @BeforeAll
    static void listClasspathResources() throws IOException {
        resources = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile).forEach(f -> resources.add(path.relativize(f).toString()));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().filter(e -> !e.isDirectory()).forEach(e -> resources.add(e.getName()));
                }
            }
        }
    }

    @Test
    void everyClassTheReflectionConfigNamesExists() throws Exception {
        JsonNode config;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(REFLECT_CONFIG)) {
            assertThat(in).as(REFLECT_CONFIG).isNotNull();
            config = AgentJson.MAPPER.readTree(in);
        }
        assertThat(config.size()).isPositive();
        for (JsonNode entry : config) {
            String name = entry.path("name").asText();
            assertThat(Class.forName(name, false, getClass().getClassLoader())).as(name).isNotNull();
        }
    }

    @Test
    void theResourceIncludesMatchTheNativeLibrariesOfBothPiArchitectures() throws IOException {
        List<String> includes = List.of(applicationProperties().getProperty("quarkus.native.resources.includes")
                .split(","));
        for (String include : includes) {
            Pattern glob = glob(include.strip());
            assertThat(resources.stream().filter(r -> glob.matcher(r).matches())).as("resources matching %s", include)
                    .isNotEmpty();
        }
        for (String needed : List.of("lib/aarch64/pi4j-linuxfs/libpi4j-linuxfs.so",
                "lib/armhf/pi4j-linuxfs/libpi4j-linuxfs.so", "com/sun/jna/linux-aarch64/libjnidispatch.so",
                "com/sun/jna/linux-arm/libjnidispatch.so")) {
            assertThat(resources).as("on the classpath").contains(needed);
            assertThat(includes).as("an include for %s", needed)
                    .anyMatch(include -> glob(include.strip()).matcher(needed).matches());
        }
        // sqlite-jdbc brings its own native-image metadata and libraries for both architectures.
        assertThat(resources).contains("META-INF/native-image/org.xerial/sqlite-jdbc/native-image.properties",
                "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", "org/sqlite/native/Linux/arm/libsqlitejdbc.so");
    }

    @Test
    void theRecordsTheAgentKeepsInFilesAndSendsAreRegisteredForReflection() throws Exception {
        // Everything passed to AgentJson.MAPPER as a typed value (grep "MAPPER.readValue", "writeJson", "upload", "as(");
        // the contract's records (AgentReport, CommandPoll, ...) are registered as targets on CommandChannel and Heartbeat.
        for (String name : List.of("dev.pifleet.agent.sender.Reading", "dev.pifleet.agent.pairing.Credentials",
                "dev.pifleet.agent.pairing.PairingMethod", "dev.pifleet.agent.identity.DeviceIdentityFile$Stored",
                "dev.pifleet.agent.pairing.AgentKeyFile$Stored", "dev.pifleet.agent.pairing.PairingClient",
                "dev.pifleet.agent.fleet.FleetConfigFile$Stored", "dev.pifleet.agent.fleet.CommandJournal$Entry",
                "dev.pifleet.agent.fleet.CommandJournal$Stored", "dev.pifleet.agent.fleet.CommandChannel",
                "dev.pifleet.agent.sender.Heartbeat", "dev.pifleet.agent.update.UpdateJournal$Entry",
                "dev.pifleet.agent.update.UpdateJournal")) {
            assertThat(Class.forName(name).isAnnotationPresent(RegisterForReflection.class)).as(name).isTrue();
        }
        List<Class<?>> targets = new ArrayList<>();
        for (String name : List.of("dev.pifleet.agent.fleet.CommandChannel", "dev.pifleet.agent.sender.Heartbeat",
                "dev.pifleet.agent.update.UpdateJournal")) {
            targets.addAll(List.of(Class.forName(name).getAnnotation(RegisterForReflection.class).targets()));
        }
        assertThat(targets).contains(dev.pifleet.device.fleet.AgentReport.class,
                dev.pifleet.device.fleet.HeartbeatAnswer.class, dev.pifleet.device.fleet.CommandPoll.class,
                dev.pifleet.device.fleet.DeviceCommand.class, dev.pifleet.device.fleet.CommandResult.class,
                dev.pifleet.device.fleet.DesiredConfig.class, dev.pifleet.device.fleet.ConfigReport.class,
                dev.pifleet.device.release.UpdateOffer.class, dev.pifleet.device.release.UpdateReport.class);
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = NativeImageConfigTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** Quarkus's include globs: {@code *} within one folder, {@code **} across folders. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
