package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 25's "done when": a device paired in the registry publishes one reading with Debian's {@code mosquitto_pub}
 * (QoS 1, its deviceId and API key, the command docs/mqtt.md gives), and the owner sees it in headless Chromium: the
 * device is online on the dashboard and its page shows the values. The ingest's MQTT endpoint is plain TCP on
 * loopback, as in ./scripts/run, on a free port.
 */
class MqttWebUiTest extends BrowserTest {

    @Test
    void aReadingPublishedWithMosquittoPubShowsOnTheDashboard() throws Exception {
        browser.open(stack.uiUrl() + "/config.json");
        browser.script("localStorage.clear(); sessionStorage.clear()");
        browser.open(stack.uiUrl() + "/#/signup");
        eventually().until(() -> browser.isShown("#signup-form"));
        browser.type("#signup-email", "mqtt-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        browser.type("#signup-password", PASSWORD);
        browser.click("#signup-submit");
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-empty"));
        String token = (String) browser.script("return localStorage.getItem('sessionToken')");

        String deviceId = "esp32-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer paired = Api.call("POST", stack.registryUrl() + "/api/device/register", token,
                Map.of("deviceId", deviceId, "deviceName", "ESP32 kitchen"));
        assertThat(paired.status()).as("register: %s", paired.body()).isEqualTo(201);
        String apiKey = paired.body().get("apiKey").asText();

        String output = mosquittoPub(deviceId, apiKey,
                "{\"id\":\"kitchen-0001\",\"sensors\":{\"temperature\":21.5,\"humidity\":40}}");
        assertThat(output).as("mosquitto_pub -d").contains("received PUBACK");

        String card = "[data-testid=device-card][data-device-id='" + deviceId + "']";
        eventually().atMost(java.time.Duration.ofSeconds(45)).until(() -> browser.isShown(card));
        // The CONNECT and the stored reading mark the device online, as the HTTP heartbeat does.
        eventually().atMost(java.time.Duration.ofSeconds(45)).until(() -> "online".equals(
                browser.find(card + " [data-testid=device-status]").getDomAttribute("data-status")));
        assertThat(browser.text(card + " [data-testid=device-name]")).isEqualTo("ESP32 kitchen");
        browser.screenshot("mqtt-device-online");

        browser.click(card + " [data-testid=device-link]");
        eventually().until(() -> "ESP32 kitchen".equals(browser.text("#device-title")));
        eventually().until(() -> browser.isShown("#latest-values dd[data-sensor=temperature]"));
        assertThat(browser.text("#latest-values dd[data-sensor=temperature]")).isEqualTo("21.50");
        assertThat(browser.text("#latest-values dd[data-sensor=humidity]")).isEqualTo("40");
        browser.screenshot("mqtt-device-latest-values");
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    /** The command of docs/mqtt.md, with the test's port; bounded by timeout. */
    private static String mosquittoPub(String deviceId, String apiKey, String payload) throws Exception {
        Process process = new ProcessBuilder(List.of("timeout", "--signal=KILL", "60", "mosquitto_pub",
                "-h", "127.0.0.1", "-p", String.valueOf(stack.mqttPort()), "-V", "mqttv311", "-q", "1", "-d",
                "-u", deviceId, "-P", apiKey, "-t", "pifleet/v1/readings", "-m", payload))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
