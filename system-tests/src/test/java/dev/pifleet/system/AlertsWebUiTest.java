package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A user adds an alert on the simulated Pi's page in headless Chromium; the Pi's next reading trips it; the Alerts
 * page and the header badge show it, and the owner's mail arrives. The Pi is left unclaimed at the end.
 */
class AlertsWebUiTest extends BrowserTest {

    @Test
    void anAlertAddedOnTheDevicePageIsTrippedByTheSimulatedPiAndShownWithItsMail() throws Exception {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String email = "alerts-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String token = signUpAndClaimThePi(email, "Greenhouse");
        try {
            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#alert-form"));
            assertThat(browser.isShown("#alert-badge")).as("no open alerts yet").isFalse();
            browser.type("#alert-sensor", "temperature");
            // The simulated temperature stays within -10..45 °C: any reading is above -20.
            browser.type("#alert-threshold", "-20");
            browser.script("document.getElementById('device-alerts').scrollIntoView()");
            browser.screenshot("alert-form-filled");
            browser.click("#alert-submit");
            eventually().until(() -> browser.text("#status").contains("Alert added"));
            assertThat(browser.text("#status")).contains("temperature above -20");
            browser.screenshot("alert-added");

            browser.click("#nav-alerts");
            eventually().until(() -> browser.isShown("#alerts-view"));
            eventually().atMost(Duration.ofSeconds(60))
                    .until(() -> !browser.findAll("#open-alerts [data-state=open]").isEmpty());
            String row = "#open-alerts [data-state=open]";
            assertThat(browser.text(row + " .alert-title")).isEqualTo("Greenhouse: temperature above -20");
            assertThat(browser.text(row + " [data-testid=alert-value]")).isNotBlank();
            assertThat(browser.text(row)).contains("opened");
            assertThat(browser.text("#alert-rules")).contains("Greenhouse: temperature above -20").contains("by email");
            eventually().until(() -> browser.isShown("#alert-badge"));
            assertThat(browser.text("#alert-badge")).isEqualTo("1");
            browser.screenshot("alerts-page-open-alert");

            MimeMessage mail = await().atMost(Duration.ofSeconds(60)).until(() -> alertMailTo(email), Objects::nonNull);
            assertThat(mail.getSubject()).isEqualTo("[pifleet] Alert: Greenhouse: temperature above -20");
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, token, null);
        }
    }

    /** The first alert mail to the address (sign-up also mails it a link to confirm the address). */
    private static MimeMessage alertMailTo(String address) {
        return Arrays.stream(stack.smtp().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().contains(address))
                        && message.getSubject().startsWith("[pifleet] Alert:");
            } catch (Exception unreadable) {
                return false;
            }
        }).findFirst().orElse(null);
    }
}
