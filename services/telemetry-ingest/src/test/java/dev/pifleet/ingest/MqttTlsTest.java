package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.ingest.MqttClients.Run;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.ingest.mqtt.MqttListener;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The MQTT endpoint with a certificate speaks TLS only: mosquitto_pub over TLS stores, plain TCP gets nowhere. */
@QuarkusTest
@TestProfile(MqttTlsTest.WithCertificate.class)
@WithTestResource(ParseServerTestResource.class)
class MqttTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A self-signed certificate for 127.0.0.1, made with openssl before the app starts. */
    public static class WithCertificate implements QuarkusTestProfile {

        static final Path DIRECTORY = certificate();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.mqtt.tls.cert-file", DIRECTORY.resolve("tls.crt").toString(),
                    "pifleet.mqtt.tls.key-file", DIRECTORY.resolve("tls.key").toString());
        }

        private static Path certificate() {
            try {
                Path directory = Files.createTempDirectory("pifleet-mqtt-tls");
                Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", directory.resolve("tls.key").toString(), "-out", directory.resolve("tls.crt").toString())
                        .redirectErrorStream(true).start();
                String output = new String(openssl.getInputStream().readAllBytes());
                if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                    throw new IllegalStateException("openssl failed: " + output);
                }
                return directory;
            } catch (IOException e) {
                throw new IllegalStateException("openssl is needed for this test", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    ParseClient parse;

    @Inject
    MqttListener mqtt;

    @Test
    void overTlsTheReadingIsStoredAndPlainTcpIsNotServed() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        String reading = "{\"id\":\"tls-1\",\"sensors\":{\"t\":1}}";

        // Bounded: a client that keeps retrying a handshake it cannot make is killed.
        Run plain = MqttClients.mosquittoPub(mqtt.port(), device.deviceId(), device.apiKey(), "pifleet/v1/readings", reading,
                Duration.ofSeconds(15));
        Run tls = MqttClients.mosquittoPub(mqtt.port(), device.deviceId(), device.apiKey(), "pifleet/v1/readings", reading,
                TIMEOUT, List.of("-q", "1", "--cafile", WithCertificate.DIRECTORY.resolve("tls.crt").toString()));

        assertThat(plain.acknowledged()).as(plain.output()).isFalse();
        assertThat(tls.acknowledged()).as(tls.output()).isTrue();
        assertThat(TestFleet.storedReadings(parse, device)).isEqualTo(1);
    }
}
