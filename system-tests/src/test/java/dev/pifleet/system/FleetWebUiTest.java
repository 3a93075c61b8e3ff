package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Fleet control in headless Chromium against the whole system and the real simulated agent: on the device page the
 * owner changes the reading interval and sees it applied, sends read-sensors and sees the values; the fleet page
 * lists the Pi with its agent version, edits its tags, filters by tag and sends a command to a selection. The Pi is
 * left unclaimed at the end.
 */
class FleetWebUiTest extends BrowserTest {

    // The smallest interval allowed: the Pi keeps it after this test, and other tests want frequent readings.
    private static final String READING_INTERVAL = "5";

    @Test
    void theOwnerChangesSettingsSendsCommandsAndManagesTheFleetFromTheUi() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String token = signUpAndClaimThePi("fleet-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "Greenhouse");
        // A second device that never reports: the fleet page shows it without a version.
        String silentId = "silent-" + UUID.randomUUID();
        assertThat(Api.call("POST", stack.registryUrl() + "/api/device/register", token,
                Map.of("deviceId", silentId, "deviceName", "Shed")).status()).isEqualTo(201);
        try {
            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#settings-form"));
            // The Pi has reported since it was claimed: the Agent panel shows its report.
            eventually().atMost(Duration.ofSeconds(60))
                    .until(() -> !browser.text("[data-fact=agentVersion]").equals("not reported"));
            assertThat(browser.text("[data-fact=os]")).isNotEqualTo("–");
            assertThat(browser.text("[data-fact=freeDisk]")).matches("[0-9.]+ (B|kB|MB|GB|TB)");

            // Settings: change the reading interval alone, see "applied".
            browser.script("document.getElementById('device-settings').scrollIntoView()");
            browser.type("#settings-readingIntervalSeconds", READING_INTERVAL);
            browser.screenshot("fleet-settings-edited");
            long sent = System.nanoTime();
            browser.click("#settings-submit");
            eventually().until(() -> "applied".equals(configState()) && browser.text("#config-summary").contains("applied"));
            long appliedMs = (System.nanoTime() - sent) / 1_000_000;
            assertThat(browser.text("[data-field=readingIntervalSeconds]")).isEqualTo(READING_INTERVAL + " s");
            Api.Answer config = Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId + "/config", token, null);
            assertThat(config.body().at("/desired/readingIntervalSeconds").asInt()).isEqualTo(Integer.parseInt(READING_INTERVAL));
            assertThat(config.body().at("/state").asText()).isEqualTo("applied");
            browser.screenshot("fleet-settings-applied");

            // A value out of range: the registry's 400 names the field, and nothing changes.
            browser.type("#settings-uploadBatchSize", "100000");
            browser.click("#settings-submit");
            eventually().until(() -> browser.isShown("#settings-error"));
            assertThat(browser.text("#settings-error")).contains("Upload batch size");
            browser.type("#settings-uploadBatchSize", "");

            // Commands: read-sensors shows the values the Pi read.
            browser.script("document.getElementById('device-commands').scrollIntoView()");
            sent = System.nanoTime();
            browser.click("button[data-command=read-sensors]");
            String readSensors = "#command-list li[data-name=read-sensors]";
            eventually().until(() -> "succeeded".equals(attribute(readSensors, "data-state")));
            long readMs = (System.nanoTime() - sent) / 1_000_000;
            List<WebElement> values = browser.findAll(readSensors + " .command-result dd");
            assertThat(values).isNotEmpty();
            assertThat(browser.findAll(readSensors + " .command-result dd[data-sensor=temperature]")).hasSize(1);
            assertThat(browser.text(readSensors + " .command-result dd[data-sensor=temperature]")).matches("-?[0-9.]+");
            browser.screenshot("fleet-read-sensors-values");

            // A destructive command asks first; cancelling sends nothing.
            browser.click("button[data-command=unpair]");
            eventually().until(() -> browser.isShown("#confirm-dialog"));
            assertThat(browser.text("#confirm-body")).contains("claim code");
            browser.click("#confirm-cancel");
            assertThat(browser.findAll("#command-list li[data-name=unpair]")).isEmpty();

            // The fleet page: both devices from one request, the Pi with its version and applied settings.
            browser.click("#nav-fleet");
            String row = "#fleet-rows tr[data-device-id='" + deviceId + "']";
            String silentRow = "#fleet-rows tr[data-device-id='" + silentId + "']";
            eventually().until(() -> browser.isShown(row) && browser.isShown(silentRow));
            String version = browser.text(row + " [data-testid=version]");
            assertThat(version).isNotBlank().isNotEqualTo("–");
            assertThat(attribute(row + " [data-testid=config]", "data-state")).isEqualTo("applied");
            assertThat(browser.text(silentRow + " [data-testid=version]")).isEqualTo("–");
            assertThat(browser.fetchedUrls().stream().filter(url -> url.startsWith(stack.registryUrl())
                    && url.contains("/api/devices") && !url.contains("/api/devices/")))
                    .as("the fleet list is one request per refresh").isNotEmpty();
            assertThat(browser.fetchedUrls()).as("no per-device calls from the fleet page")
                    .noneMatch(url -> url.contains("/api/devices/" + silentId));
            browser.screenshot("fleet-page");

            // Tags: edit in place, then filter by one.
            browser.click(row + " [data-testid=edit-tags]");
            browser.type(row + " [data-testid=tags-input]", "greenhouse, north");
            browser.click(row + " [data-testid=tags-save]");
            eventually().until(() -> browser.text(row + " [data-testid=tags]").contains("greenhouse"));
            assertThat(browser.text(row + " [data-testid=tags]")).contains("north");
            browser.type("#fleet-tag", "greenhouse");
            browser.click("#fleet-filter-apply");
            eventually().until(() -> browser.findAll(silentRow).isEmpty() && browser.isShown(row));
            assertThat(browser.text("#fleet-count")).contains("1 device");
            browser.click("#fleet-filter-clear");
            eventually().until(() -> browser.isShown(silentRow));

            // Select all, send upload-now: one result per device.
            browser.click("#fleet-select-all");
            assertThat(browser.text("#target-selected-label")).contains("(2)");
            browser.script("document.getElementById('fleet-actions').scrollIntoView()");
            browser.find("#fleet-command").sendKeys("Upload now");
            browser.click("#fleet-command-submit");
            eventually().until(() -> browser.findAll("#fleet-results li[data-device-id]").size() == 2);
            assertThat(attribute("#fleet-results li[data-device-id='" + deviceId + "']", "data-ok")).isEqualTo("true");
            browser.script("document.getElementById('fleet-results-box').scrollIntoView({block: 'end'})");
            browser.screenshot("fleet-command-results");

            // The same change for a tag.
            browser.click("#target-tag");
            browser.type("#fleet-target-tag", "greenhouse");
            browser.type("#fleet-settings-readingIntervalSeconds", READING_INTERVAL);
            browser.click("#fleet-settings-submit");
            eventually().until(() -> browser.text("#fleet-results-title").contains("tagged"));
            assertThat(browser.findAll("#fleet-results li[data-device-id]")).hasSize(1);
            assertThat(attribute("#fleet-results li[data-device-id]", "data-device-id")).isEqualTo(deviceId);
            browser.script("document.getElementById('fleet-results-box').scrollIntoView({block: 'end'})");
            browser.screenshot("fleet-tag-settings-results");

            browser.setWindowSize(390, 844);
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("fleet-page-phone");
            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#device-settings"));
            browser.script("document.getElementById('device-settings').scrollIntoView()");
            eventually().until(() -> !browser.findAll("#command-list li").isEmpty());
            browser.screenshot("fleet-device-settings-phone");
            browser.script("document.getElementById('device-commands').scrollIntoView()");
            browser.screenshot("fleet-device-commands-phone");
            browser.setWindowSize(1280, 800);

            assertThat(browser.severeConsoleEntries()).as("console errors")
                    .allSatisfy(message -> assertThat(message).contains("400"));
            System.out.printf("fleet UI: settings applied %d ms after Apply, read-sensors values %d ms after Send%n",
                    appliedMs, readMs);
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, token, null);
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + silentId, token, null);
        }
    }

    private static String configState() {
        return attribute("#config-state", "data-state");
    }

    private static String attribute(String css, String name) {
        return browser.find(css).getDomAttribute(name);
    }
}
