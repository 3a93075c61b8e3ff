package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * Agent updates in headless Chromium against the whole system (docs/ota.md): the operator publishes a release (the
 * API with the operator credential, as {@code ./scripts/release publish} does), the owner sees it on the Releases
 * page, starts a rollout from the Rollouts page and follows it on the rollout's page. The simulated Pi runs the
 * updater's steps itself (pifleet.agent.update.install=simulated: the download and its checks are real, the install
 * only changes the version it reports): a rollout to its tag completes; a version that never becomes healthy is
 * rolled back, and the rollout pauses without reaching the devices of its later wave. A third rollout goes to three
 * devices that report as a Pi does (heartbeats from the test): its first wave fails, it pauses, and once resumed it
 * completes.
 */
class RolloutWebUiTest extends BrowserTest {

    @Test
    void aRolloutToThePisTagCompletesOnTheSimulatedPi() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String token = signUpAndClaimThePi("ota-" + suffix() + "@example.com", "Greenhouse");
        String tag = "ota-" + suffix();
        String version = newPiVersion("");
        try {
            assertThat(Api.call("PATCH", stack.registryUrl() + "/api/devices/" + deviceId, token,
                    Map.of("tags", List.of(tag))).status()).isEqualTo(200);
            Api.Answer published = stack.publishAgentPackage(version);
            assertThat(published.status()).as("publish: %s", published.body()).isEqualTo(201);

            // The Releases page lists it, read-only.
            browser.open(stack.uiUrl() + "/#/releases");
            String release = "#release-rows tr[data-version='" + version + "']";
            eventually().until(() -> browser.isShown(release));
            assertThat(browser.text(release + " [data-testid=size]")).endsWith(" B").doesNotStartWith("–");
            assertThat(browser.findAll("#releases-view form")).as("nothing to publish for a user").isEmpty();
            browser.screenshot("ota-releases");

            // The Rollouts page from the navigation: the release, the Pi's tag, one wave.
            browser.click("#nav-rollouts");
            eventually().until(() -> browser.isShown("#rollout-form")
                    && !browser.findAll("#rollout-version option[value='" + version + "']").isEmpty());
            new Select(browser.find("#rollout-version")).selectByValue(version);
            browser.type("#rollout-tag", tag);
            browser.type("#rollout-waves", "100");
            browser.type("#rollout-max-failures", "0");
            browser.script("document.getElementById('rollout-create').scrollIntoView()");
            browser.screenshot("ota-rollout-form");
            browser.click("#rollout-submit");

            // The rollout's page: the Pi takes the offer, downloads, verifies and "installs" it (simulated install),
            // records a healthy heartbeat as the new version, and the rollout completes.
            eventually().until(() -> browser.hash().startsWith("#/rollouts/") && browser.isShown("#rollout-view"));
            String rolloutId = browser.hash().substring("#/rollouts/".length());
            String row = "#rollout-device-rows tr[data-device-id='" + deviceId + "']";
            eventually().until(() -> browser.isShown(row));
            assertThat(browser.text("#rollout-title")).isEqualTo("Rollout of " + version);
            assertThat(browser.text(row)).contains("Greenhouse");
            browser.screenshot("ota-rollout-started");
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "completed".equals(attribute("#rollout-state", "data-state")));
            long completedMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(deviceState(deviceId)).isEqualTo("succeeded");
            eventually().until(() -> version.equals(browser.text(row + " [data-testid=running]")));
            assertThat(browser.isShown("#rollout-cancel")).as("nothing to cancel once completed").isFalse();
            assertThat(browser.text("#rollout-waves li[data-wave='0']")).contains("finished").contains("1 succeeded");
            browser.screenshot("ota-rollout-completed");

            // The list shows it completed; the Pi reports the new version on the fleet page too.
            browser.click("#rollout-view a[href='#/rollouts']");
            String listed = "#rollout-rows tr[data-rollout-id='" + rolloutId + "']";
            eventually().until(() -> browser.isShown(listed));
            assertThat(browser.text(listed)).contains(version).contains("1 of 1 succeeded").contains("Completed");
            browser.screenshot("ota-rollouts-list");
            assertThat(Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId, token, null).body()
                    .at("/device/agent/agentVersion").asText()).isEqualTo(version);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
            System.out.printf("rollout UI: the simulated Pi completed the rollout %d ms after it was shown%n", completedMs);
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, token, null);
        }
    }

    @Test
    void aRolloutWhoseFirstWaveIsRolledBackOnTheSimulatedPiPausesWithoutReachingTheRest() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String token = signUpAndClaimThePi("ota-broken-" + suffix() + "@example.com", "Greenhouse");
        String tag = "broken-" + suffix();
        // Two devices that never report, after the Pi in deviceId order (the Pi's is hex): "10, 100" offers the Pi first.
        List<String> later = List.of("zz-" + tag + "-1", "zz-" + tag + "-2");
        String version = newPiVersion("-unhealthy");
        try {
            assertThat(Api.call("PATCH", stack.registryUrl() + "/api/devices/" + deviceId, token,
                    Map.of("tags", List.of(tag))).status()).isEqualTo(200);
            for (String silent : later) {
                assertThat(Api.call("POST", stack.registryUrl() + "/api/device/register", token,
                        Map.of("deviceId", silent, "deviceName", "Shed")).status()).isEqualTo(201);
                assertThat(Api.call("PATCH", stack.registryUrl() + "/api/devices/" + silent, token,
                        Map.of("tags", List.of(tag))).status()).isEqualTo(200);
            }
            Api.Answer published = stack.publishAgentPackage(version);
            assertThat(published.status()).as("publish: %s", published.body()).isEqualTo(201);

            browser.open(stack.uiUrl() + "/#/rollouts?version=" + version);
            eventually().until(() -> browser.isShown("#rollout-form") && version.equals(
                    new Select(browser.find("#rollout-version")).getFirstSelectedOption().getDomAttribute("value")));
            browser.type("#rollout-tag", tag);
            browser.type("#rollout-waves", "10, 100");
            browser.type("#rollout-max-failures", "0");
            browser.click("#rollout-submit");
            eventually().until(() -> browser.hash().startsWith("#/rollouts/") && browser.isShown("#rollout-view"));
            eventually().until(() -> browser.isShown("#rollout-device-rows tr[data-device-id='" + deviceId + "']"));
            assertThat(deviceState(later.get(0))).isEqualTo("pending");

            // The new agent never records a healthy heartbeat: the Pi reinstalls the previous version and says why,
            // and the rollout pauses by itself.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "paused".equals(attribute("#rollout-state", "data-state")));
            assertThat(deviceState(deviceId)).isEqualTo("rolled-back");
            String reason = browser.text("#rollout-device-rows tr[data-device-id='" + deviceId + "'] [data-testid=reason]");
            assertThat(reason).isNotBlank();
            assertThat(browser.text("#rollout-reason")).contains("Paused").contains(deviceId).contains(reason);
            browser.screenshot("ota-pi-rolled-back-paused");

            // The rest are never offered the version: after several sweeps they are pending, with no offer.
            long pausedAt = System.nanoTime();
            eventually().until(() -> System.nanoTime() - pausedAt > Duration.ofSeconds(4).toNanos());
            assertThat(attribute("#rollout-state", "data-state")).isEqualTo("paused");
            for (String silent : later) {
                assertThat(deviceState(silent)).isEqualTo("pending");
                assertThat(offerOf(silent, token)).as("no offer for %s", silent).isNull();
            }
            assertThat(Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId, token, null).body()
                    .at("/device/agent/agentVersion").asText()).as("the Pi runs its previous version").isNotEqualTo(version);

            // Cancel from the page: it stays cancelled, and nothing more is offered.
            browser.click("#rollout-cancel");
            eventually().until(() -> browser.isShown("#confirm-dialog"));
            browser.click("#confirm-ok");
            eventually().until(() -> "cancelled".equals(attribute("#rollout-state", "data-state")));
            assertThat(browser.isShown("#rollout-resume")).isFalse();
            assertThat(offerOf(later.get(0), token)).isNull();
            browser.screenshot("ota-pi-rollout-cancelled");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, token, null);
            later.forEach(silent -> Api.call("DELETE", stack.registryUrl() + "/api/devices/" + silent, token, null));
        }
    }

    @Test
    void aRolloutWhoseFirstWaveFailsPausesWithoutReachingTheRestAndCompletesWhenResumed() {
        String token = signUpInTheBrowser("ota-canary-" + suffix() + "@example.com");
        String tag = "canary-" + suffix();
        // Three devices that report as a Pi does (heartbeats with the device key); sorted, "a" is the first wave.
        Map<String, String> keys = new HashMap<>();
        List<String> devices = new ArrayList<>();
        for (String letter : List.of("a", "b", "c")) {
            String deviceId = tag + "-" + letter;
            Api.Answer registered = Api.call("POST", stack.registryUrl() + "/api/device/register", token,
                    Map.of("deviceId", deviceId, "deviceName", "Canary " + letter.toUpperCase()));
            assertThat(registered.status()).isEqualTo(201);
            keys.put(deviceId, registered.body().get("apiKey").asText());
            assertThat(Api.call("PATCH", stack.registryUrl() + "/api/devices/" + deviceId, token,
                    Map.of("tags", List.of(tag))).status()).isEqualTo(200);
            heartbeat(keys.get(deviceId), "1.0.0", null);
            devices.add(deviceId);
        }
        String first = devices.get(0);
        String version = newVersion();
        publish(version);

        browser.open(stack.uiUrl() + "/#/rollouts?version=" + version);
        eventually().until(() -> browser.isShown("#rollout-form")
                && version.equals(new Select(browser.find("#rollout-version")).getFirstSelectedOption().getDomAttribute("value")));
        browser.type("#rollout-tag", tag);
        browser.type("#rollout-waves", "10, 100");
        browser.type("#rollout-max-failures", "0");
        browser.click("#rollout-submit");
        eventually().until(() -> browser.hash().startsWith("#/rollouts/") && browser.isShown("#rollout-view"));
        String rolloutId = browser.hash().substring("#/rollouts/".length());
        eventually().until(() -> "offered".equals(deviceState(first)));
        assertThat(deviceState(devices.get(1))).isEqualTo("pending");
        assertThat(browser.text("#rollout-waves li[data-wave='1']")).contains("2 devices").contains("not started");
        browser.screenshot("ota-canary-first-wave");

        // The first wave's device fails; the rollout pauses by itself and says why.
        heartbeat(keys.get(first), "1.0.0", update(rolloutId, version, "downloading", null));
        eventually().until(() -> "downloading".equals(deviceState(first)));
        heartbeat(keys.get(first), "1.0.0", update(rolloutId, version, "failed", "the SHA-256 of the download did not match"));
        eventually().until(() -> "paused".equals(attribute("#rollout-state", "data-state")));
        assertThat(browser.text("#rollout-reason")).contains("Paused").contains(first)
                .contains("the SHA-256 of the download did not match");
        String firstRow = "#rollout-device-rows tr[data-device-id='" + first + "']";
        assertThat(browser.text(firstRow + " [data-testid=reason]")).isEqualTo("the SHA-256 of the download did not match");
        assertThat(browser.isShown("#rollout-resume")).isTrue();
        browser.screenshot("ota-canary-paused");

        // The later wave is never offered: after several sweeps its devices are pending, with no offer.
        long pausedAt = System.nanoTime();
        eventually().until(() -> System.nanoTime() - pausedAt > Duration.ofSeconds(4).toNanos());
        assertThat(attribute("#rollout-state", "data-state")).isEqualTo("paused");
        for (String later : devices.subList(1, 3)) {
            assertThat(deviceState(later)).isEqualTo("pending");
            assertThat(offerOf(later, token)).as("no offer for %s", later).isNull();
        }

        // Resume: the failure is accepted, the next wave is offered, and the rollout completes when it succeeds.
        browser.click("#rollout-resume");
        eventually().until(() -> "offered".equals(deviceState(devices.get(1))) && "offered".equals(deviceState(devices.get(2))));
        for (String later : devices.subList(1, 3)) {
            heartbeat(keys.get(later), "1.0.0", update(rolloutId, version, "installing", null));
        }
        eventually().until(() -> "installing".equals(deviceState(devices.get(2))));
        browser.screenshot("ota-canary-second-wave-installing");
        for (String later : devices.subList(1, 3)) {
            heartbeat(keys.get(later), version, update(rolloutId, version, "succeeded", null));
        }
        eventually().until(() -> "completed".equals(attribute("#rollout-state", "data-state")));
        assertThat(deviceState(devices.get(1))).isEqualTo("succeeded");
        assertThat(browser.text("#rollout-device-rows tr[data-device-id='" + devices.get(1) + "'] [data-testid=running]"))
                .isEqualTo(version);
        assertThat(browser.text("#rollout-summary")).contains("2 of 3 succeeded, 1 failed");
        assertThat(browser.isShown("#rollout-cancel")).isFalse();
        assertThat(browser.fetchedUrls().stream().filter(url -> url.contains("/api/rollouts/" + rolloutId)))
                .as("the rollout's page asks only for the rollout").allMatch(url -> url.endsWith("/api/rollouts/" + rolloutId)
                        || url.endsWith("/resume"));
        browser.screenshot("ota-canary-completed");
        browser.setWindowSize(390, 844);
        browser.screenshot("ota-canary-completed-phone");
        browser.setWindowSize(1280, 800);
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    private static void publish(String version) {
        String sha256 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        Api.Answer published = stack.publishRelease(version, sha256, 25_000_000L,
                "https://releases.pifleet.example/pifleet-agent_" + version + "_all.deb");
        assertThat(published.status()).as("publish: %s", published.body()).isEqualTo(201);
    }

    private static void heartbeat(String apiKey, String agentVersion, Map<String, Object> update) {
        Map<String, Object> body = new HashMap<>(Map.of("agentVersion", agentVersion, "uptimeSeconds", 60));
        if (update != null) {
            body.put("update", update);
        }
        Api.Answer answer = Api.withHeader("POST", stack.ingestUrl() + "/api/device/heartbeat", "Authorization",
                "Device " + apiKey, body);
        assertThat(answer.status()).as("heartbeat: %s", answer.body()).isBetween(200, 299);
    }

    private static Map<String, Object> update(String rolloutId, String version, String state, String reason) {
        Map<String, Object> update = new HashMap<>(Map.of("rolloutId", rolloutId, "version", version, "state", state));
        if (reason != null) {
            update.put("reason", reason);
        }
        return update;
    }

    /** The device's offer in its desired document, or null when it has none. */
    private static JsonNode offerOf(String deviceId, String token) {
        JsonNode offer = Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId + "/config", token, null)
                .body().at("/desired/update");
        return offer.isMissingNode() || offer.isNull() ? null : offer;
    }

    private static String deviceState(String deviceId) {
        return attribute("#rollout-device-rows tr[data-device-id='" + deviceId + "']", "data-state");
    }

    /**
     * A version above any the simulated Pi ran before (the milliseconds since 1970), so it is never a downgrade
     * whatever order the tests run in.
     */
    private static String newPiVersion(String suffix) {
        return "3." + System.currentTimeMillis() + suffix;
    }

    private static String newVersion() {
        return "2." + (System.nanoTime() & 0xffff) + "." + (UUID.randomUUID().getLeastSignificantBits() & 0xfff);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String attribute(String css, String name) {
        return browser.find(css).getDomAttribute(name);
    }
}
