package dev.pifleet.ingest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * MQTT clients nobody here wrote, run as processes: Debian's {@code mosquitto_pub} and a device on Debian's
 * {@code python3-paho-mqtt} (src/test/resources/mqtt/paho_device.py). {@code ./scripts/test} installs both.
 */
final class MqttClients {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's python3, which has python3-paho-mqtt (a pyenv python3 on the PATH may not). */
    private static final String PYTHON = "/usr/bin/python3";

    private MqttClients() {
    }

    /** What {@code mosquitto_pub} printed and how it exited. */
    record Run(int exitCode, String output) {
        boolean acknowledged() {
            return exitCode == 0 && output.contains("received PUBACK");
        }
    }

    /** {@code mosquitto_pub -q 1 -d}, bounded by {@code timeout} (a run still waiting then is killed: code 124). */
    static Run mosquittoPub(int port, String username, String password, String topic, String payload, Duration timeout) {
        return mosquittoPub(port, username, password, topic, payload, timeout, List.of("-q", "1"));
    }

    /** With other options, e.g. {@code -q 2} or {@code --cafile ca.pem}. */
    static Run mosquittoPub(int port, String username, String password, String topic, String payload, Duration timeout,
            List<String> options) {
        List<String> command = new ArrayList<>(List.of("timeout", "--signal=KILL", String.valueOf(timeout.toSeconds()),
                "mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", "mqttv311", "-d",
                "-t", topic, "-m", payload));
        command.addAll(options);
        if (username != null) {
            command.addAll(List.of("-u", username, "-P", password));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("is mosquitto-clients installed? (apt-get install mosquitto-clients)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A paho device connected (and reconnecting by itself) as {@code username}/{@code password}. */
    static PahoDevice paho(int port, String username, String password) {
        return new PahoDevice(port, username, password);
    }

    static final class PahoDevice implements AutoCloseable {

        private final Process process;
        private final Writer commands;
        private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

        @SuppressWarnings("unchecked")
        private PahoDevice(int port, String username, String password) {
            try {
                Path script = Path.of(MqttClients.class.getResource("/mqtt/paho_device.py").toURI());
                process = new ProcessBuilder(PYTHON, script.toString(), "127.0.0.1", String.valueOf(port), username, password)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("could not start the paho device (apt-get install python3-paho-mqtt)", e);
            }
            commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        events.add(JSON.readValue(line, Map.class));
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            });
        }

        void publish(String topic, String payload, int qos) {
            send(Map.of("op", "publish", "topic", topic, "payload", payload, "qos", qos));
        }

        void subscribe(String topic) {
            send(Map.of("op", "subscribe", "topic", topic, "qos", 1));
        }

        List<Map<String, Object>> events(String type) {
            return events.stream().filter(event -> type.equals(event.get("event"))).toList();
        }

        /** Waits for an event of this type that matches. */
        Map<String, Object> awaitEvent(String type, Predicate<Map<String, Object>> matching, Duration atMost) {
            return await().atMost(atMost).until(() -> events(type).stream().filter(matching).findFirst().orElse(null),
                    found -> found != null);
        }

        Map<String, Object> awaitEvent(String type, Duration atMost) {
            return awaitEvent(type, event -> true, atMost);
        }

        private void send(Map<String, Object> command) {
            try {
                commands.write(JSON.writeValueAsString(command) + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the paho device ended: " + events, e);
            }
        }

        @Override
        public void close() {
            try {
                send(Map.of("op", "exit"));
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (RuntimeException | InterruptedException ended) {
                process.destroyForcibly();
            }
        }

        @Override
        public String toString() {
            return "paho device " + events;
        }
    }
}
