package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What every browser test class shares: the whole system (once per JVM), one headless Chromium per class, a
 * screenshot of where the browser was when a test fails, and bounded waits.
 */
abstract class BrowserTest {

    static final String PASSWORD = "correct horse 42";

    static SystemStack stack;
    static Browser browser;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void startSystemAndBrowser() {
        stack = SystemStack.shared();
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A new user signs up in the browser (from a clean storage) and claims the simulated Pi; returns the session token. */
    static String signUpAndClaimThePi(String email, String deviceName) {
        String token = signUpInTheBrowser(email);
        String code = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.piClaimCode(stack.piUrl()), Objects::nonNull);
        assertThat(Api.call("POST", stack.registryUrl() + "/api/devices/claim", token,
                Map.of("code", code, "deviceName", deviceName)).status()).isEqualTo(201);
        return token;
    }

    /** A new user signs up in the browser (from a clean storage); returns the session token. */
    static String signUpInTheBrowser(String email) {
        browser.open(stack.uiUrl() + "/config.json");
        browser.script("localStorage.clear(); sessionStorage.clear()");
        browser.open(stack.uiUrl() + "/#/signup");
        eventually().until(() -> browser.isShown("#signup-form"));
        browser.type("#signup-email", email);
        browser.type("#signup-password", PASSWORD);
        browser.click("#signup-submit");
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-view"));
        return (String) browser.script("return localStorage.getItem('sessionToken')");
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
    }
}
