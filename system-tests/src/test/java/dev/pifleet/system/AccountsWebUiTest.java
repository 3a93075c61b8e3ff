package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Accounts that last, in headless Chromium on the whole system: a forgotten password reset from the mail in the sink,
 * a personal API token created on the Account page and used by a script, and a device shared with a second account,
 * whose page shows it read-only. Screenshots in target/screenshots.
 */
class AccountsWebUiTest extends BrowserTest {

    private static final Pattern RESET_LINK = Pattern.compile("(https://\\S+/#/reset-password\\?token=pfr_[A-Za-z0-9_-]+)");

    @Test
    void aForgottenPasswordIsResetFromTheMailedLink() {
        String email = newEmail("reset");
        Api.signUp(stack.gatewayUrl(), email, PASSWORD);
        signedOut();
        browser.open(stack.uiUrl() + "/#/login");
        eventually().until(() -> browser.isShown("#to-forgot"));
        browser.click("#to-forgot");
        eventually().until(() -> browser.isShown("#forgot-form"));
        browser.type("#forgot-email", email);
        browser.click("#forgot-submit");
        eventually().until(() -> browser.isShown("#forgot-sent"));
        browser.screenshot("forgot-password-sent");

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(email, "[pifleet] Reset your password"),
                Objects::nonNull);
        Matcher link = RESET_LINK.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).as("the mail holds the reset link").isTrue();
        assertThat(link.group(1)).startsWith(stack.uiUrl());

        browser.open(link.group(1));
        eventually().until(() -> browser.isShown("#reset-form"));
        browser.type("#reset-password", "a brand new passphrase");
        browser.type("#reset-repeat", "a brand new passphrase");
        browser.screenshot("reset-password-form");
        browser.click("#reset-submit");
        eventually().until(() -> browser.isShown("#login-form") && browser.isShown("#login-notice"));
        assertThat(browser.text("#login-notice")).contains("Log in with the new one");
        browser.type("#login-email", email);
        browser.type("#login-password", "a brand new passphrase");
        browser.click("#login-submit");
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-view"));
        browser.screenshot("reset-password-logged-in");
        assertThat(Api.call("POST", stack.gatewayUrl() + "/api/auth/login", null,
                Map.of("email", email, "password", PASSWORD)).status()).as("the old password").isEqualTo(401);
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void aTokenCreatedOnTheAccountPageWorksForAScript() {
        String email = newEmail("token");
        signedInAs(Api.signUp(stack.gatewayUrl(), email, PASSWORD));
        browser.open(stack.uiUrl() + "/#/account");
        eventually().until(() -> browser.isShown("#token-form"));
        browser.type("#token-name", "greenhouse export");
        browser.click("#token-submit");
        eventually().until(() -> browser.isShown("#token-created"));
        String token = browser.text("#token-value");
        assertThat(token).startsWith("pft_");
        eventually().until(() -> browser.text("#token-list").contains("greenhouse export"));
        browser.screenshot("token-created");

        Api.Answer devices = Api.call("GET", stack.registryUrl() + "/api/devices", token, null);
        assertThat(devices.status()).isEqualTo(200);
        assertThat(Api.call("PATCH", stack.registryUrl() + "/api/devices/" + Api.piDeviceId(stack.piUrl()), token,
                Map.of("name", "x")).status())
                .as("a read token cannot rename").isEqualTo(403);
        assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    void aDeviceSharedWithASecondAccountIsReadOnlyOnItsScreen() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String ownerEmail = newEmail("owner");
        String viewerEmail = newEmail("viewer");
        String viewerToken = Api.signUp(stack.gatewayUrl(), viewerEmail, PASSWORD);
        String ownerToken = signUpAndClaimThePi(ownerEmail, "Greenhouse");
        try {
            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#share-form"));
            browser.type("#share-email", viewerEmail);
            browser.script("document.getElementById('share-role').value = 'viewer'");
            browser.script("document.getElementById('device-shares').scrollIntoView()");
            browser.click("#share-submit");
            eventually().until(() -> browser.text("#share-list").contains(viewerEmail));
            assertThat(browser.text("#share-list")).contains("viewer");
            browser.screenshot("share-owner-view");

            signedInAs(viewerToken);
            browser.open(stack.uiUrl() + "/#/devices");
            String card = "[data-testid=device-card][data-device-id='" + deviceId + "']";
            eventually().until(() -> browser.isShown(card));
            assertThat(browser.text(card + " [data-testid=device-shared]")).isEqualTo("shared · viewer");
            assertThat(browser.isShown(card + " [data-testid=rotate-button]")).as("no rotate for a viewer").isFalse();
            assertThat(browser.isShown(card + " [data-testid=unpair-button]")).as("no unpair for a viewer").isFalse();
            browser.screenshot("share-viewer-devices");

            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#device-shared-note"));
            assertThat(browser.text("#device-shared-note")).contains("viewer");
            eventually().until(() -> !browser.text("#device-title").isBlank());
            assertThat(browser.text("#device-title")).isEqualTo("Greenhouse");
            assertThat(browser.isShown("#settings-form")).as("no settings form for a viewer").isFalse();
            assertThat(browser.findAll(".command-buttons button").stream().anyMatch(b -> b.isDisplayed()))
                    .as("no command buttons for a viewer").isFalse();
            assertThat(browser.isShown("#alert-form")).as("no alert rules for a viewer").isFalse();
            assertThat(browser.isShown("#share-form")).as("no sharing for a viewer").isFalse();
            browser.screenshot("share-viewer-device-page");
            assertThat(Api.call("POST", stack.registryUrl() + "/api/devices/" + deviceId + "/rotate-key", viewerToken, null)
                    .status()).isEqualTo(403);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, ownerToken, null);
        }
    }

    private static String newEmail(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void signedOut() {
        browser.open(stack.uiUrl() + "/config.json");
        browser.script("localStorage.clear(); sessionStorage.clear()");
    }

    /** The browser holds this session, as after a login. */
    private static void signedInAs(String sessionToken) {
        signedOut();
        browser.script("localStorage.setItem('sessionToken', arguments[0])", sessionToken);
    }

    private static MimeMessage mailTo(String address, String subject) {
        return Arrays.stream(stack.smtp().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().contains(address))
                        && subject.equals(message.getSubject());
            } catch (Exception unreadable) {
                return false;
            }
        }).findFirst().orElse(null);
    }
}
