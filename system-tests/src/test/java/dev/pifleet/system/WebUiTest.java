package dev.pifleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pifleet.testing.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * A user in headless Chromium, against the real system: Parse Server, auth-gateway (serving the UI over HTTPS),
 * device-registry, telemetry-ingest and a simulated pi-agent. Each test makes its own users and leaves the one
 * simulated Pi unclaimed at its end, so the tests run in any order.
 */
class WebUiTest extends BrowserTest {

    @BeforeEach
    void loggedOut() {
        // Forget the last test's session on a page of the UI's origin that runs no app code, so no call races it.
        browser.open(stack.uiUrl() + "/config.json");
        browser.script("localStorage.clear(); sessionStorage.clear()");
        browser.open(stack.uiUrl() + "/#/login");
        eventually().until(() -> browser.isShown("#login-form"));
        browser.severeConsoleEntries();
    }

    @Test
    void newUserPairsThePiByItsCodeOverHttpsWatchesItsReadingsRenamesRotatesAndUnpairs() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        signUpInBrowser(uniqueEmail("owner"));
        eventually().until(() -> browser.isShown("#devices-empty"));
        assertThat(browser.script("return location.protocol")).isEqualTo("https:");
        browser.screenshot("signed-up-no-devices");

        pairThePiByCodeInBrowser("Greenhouse");
        browser.screenshot("pairing-done");
        assertThat(browser.fetchedUrls()).as("the browser never calls the Pi")
                .noneMatch(url -> url.startsWith(stack.piUrl()));

        browser.click("#nav-devices");
        String card = "[data-testid=device-card][data-device-id='" + deviceId + "']";
        eventually().until(() -> browser.isShown(card));
        assertThat(browser.text(card + " [data-testid=device-name]")).isEqualTo("Greenhouse");
        eventually().until(() -> "online".equals(browser.find(card + " [data-testid=device-status]").getDomAttribute("data-status")));
        assertThat(browser.text(card + " [data-testid=last-seen]")).isNotEqualTo("never");
        browser.screenshot("dashboard-online");

        browser.click(card + " [data-testid=device-link]");
        eventually().atMost(Duration.ofSeconds(60)).until(() -> chartPoints() > 0);
        assertThat(browser.findAll("[data-testid=chart] canvas")).isNotEmpty();
        assertThat(browser.findAll("#latest-values dd")).isNotEmpty();
        assertThat(browser.text("#device-title")).isEqualTo("Greenhouse");
        browser.screenshot("device-latest-values");
        browser.script("document.getElementById('charts').scrollIntoView()");
        browser.screenshot("device-charts-last-hour");
        browser.click("#range-day");
        eventually().until(() -> chartPoints() > 0 && browser.text("#readings-count").contains("readings"));
        browser.setWindowSize(390, 844);
        browser.screenshot("device-chart-phone");
        browser.setWindowSize(1280, 800);

        browser.click("a[href='#/devices']");
        eventually().until(() -> browser.isShown(card));
        browser.click(card + " [data-testid=rename-button]");
        browser.type(card + " [data-testid=rename-input]", "Greenhouse North");
        browser.screenshot("renaming");
        browser.click(card + " [data-testid=rename-save]");
        eventually().until(() -> browser.text(card + " [data-testid=device-name]").equals("Greenhouse North"));
        assertThat(Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId, token(), null).body()
                .at("/device/name").asText()).isEqualTo("Greenhouse North");

        browser.click(card + " [data-testid=rotate-button]");
        eventually().until(() -> browser.isShown("#confirm-dialog"));
        assertThat(browser.text("#confirm-body")).contains("collects a new key from the cloud by itself");
        assertThat(browser.isShown("#confirm-purge")).as("the unpair-only option").isFalse();
        browser.screenshot("rotate-key-confirm");
        browser.click("#confirm-ok");
        eventually().until(() -> browser.text("#status").contains("rotated"));
        // The new key is neither shown (the only long token on the page is the device ID) nor stored.
        assertThat(browser.find("body").getText().replace(deviceId, ""))
                .doesNotContainPattern(Pattern.compile("[A-Za-z0-9_-]{24,}"));
        assertThat(browserStorageKeys()).containsExactly("sessionToken");

        browser.click(card + " [data-testid=unpair-button]");
        eventually().until(() -> browser.isShown("#confirm-dialog"));
        assertThat(browser.isShown("#confirm-purge")).isTrue();
        browser.screenshot("unpair-confirm");
        browser.click("#confirm-ok");
        eventually().until(() -> browser.findAll(card).isEmpty() && browser.isShown("#devices-empty"));
        browser.screenshot("unpaired");
        assertThat(Api.call("GET", stack.registryUrl() + "/api/devices/" + deviceId, token(), null).status()).isEqualTo(404);
        // Its key refused, the Pi goes back to showing a code by itself.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.piClaimCode(stack.piUrl()) != null);
        assertThat(browser.fetchedUrls()).noneMatch(url -> url.startsWith(stack.piUrl()));

        assertConsoleHasNoErrors();

        // What its owner would see on the Pi's own page (not part of pairing: the dashboard never calls the Pi).
        browser.open(stack.piUrl() + "/");
        eventually().until(() -> browser.find("body").getText().contains(Api.piClaimCode(stack.piUrl())));
        assertThat(browser.findAll("svg")).isNotEmpty();
        browser.screenshot("pi-page-shows-new-code");
    }

    @Test
    void anotherUserNeitherSeesNorClaimsTheFirstUsersPi() {
        String deviceId = Api.piDeviceId(stack.piUrl());
        String ownerToken = Api.signUp(stack.gatewayUrl(), uniqueEmail("first"), PASSWORD);
        String code = shownCode();
        Api.Answer claim = Api.call("POST", stack.registryUrl() + "/api/devices/claim", ownerToken,
                Map.of("code", code, "deviceName", "Not yours"));
        assertThat(claim.status()).isEqualTo(201);
        assertThat(claim.body().has("apiKey")).isFalse();
        try {
            signUpInBrowser(uniqueEmail("second"));
            eventually().until(() -> browser.isShown("#devices-empty"));
            assertThat(browser.findAll("[data-testid=device-card]")).isEmpty();

            browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
            eventually().until(() -> browser.isShown("#device-error"));
            assertThat(browser.text("#device-error")).contains("not in your account");
            assertThat(browser.find("body").getText()).doesNotContain("Not yours");
            browser.screenshot("other-users-device-hidden");

            // The QR code's link, with the (now used) code filled in.
            browser.open(stack.uiUrl() + "/#/pair?code=" + code);
            eventually().until(() -> browser.isShown("#claim-code"));
            assertThat(browser.find("#claim-code").getDomProperty("value")).isEqualTo(code);
            assertThat(browser.isShown("#lan-option")).as("no LAN pairing from an HTTPS page").isFalse();
            browser.click("#claim-submit");
            eventually().until(() -> browser.isShown("#pair-failure"));
            assertThat(browser.text("#pair-error-title")).isEqualTo("That code does not match a Pi");
            browser.screenshot("pairing-refused-used-code");

            assertConsoleHasNoErrorsBut(404);
        } finally {
            Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId, ownerToken, null);
        }
    }

    @Test
    void piThatDoesNotAnswerGetsItsOwnMessageAndNextStep() {
        // Pairing by address works only from a plain-HTTP page on the Pi's network.
        signUpInBrowser(stack.plainUiUrl(), uniqueEmail("lan"));
        browser.click("#nav-pair");
        eventually().until(() -> browser.isShown("#lan-option"));
        browser.click("#lan-start");
        eventually().until(() -> browser.isShown("#pi-address"));
        String nobodyListens = "http://127.0.0.1:" + FreePort.find();
        browser.type("#pi-address", nobodyListens);
        browser.click("#pi-connect");
        eventually().until(() -> browser.isShown("#pair-failure"));
        assertThat(browser.text("#pair-error-title")).isEqualTo("Cannot reach the Pi");
        assertThat(browser.text("#pair-error")).contains(nobodyListens).contains("CORS");
        assertThat(browser.text("#pair-next")).contains("PIFLEET_UI_ORIGINS").contains(stack.plainUiUrl());
        browser.screenshot("pairing-pi-unreachable");

        // "Try again" after fixing the address finds the Pi.
        browser.type("#pi-address", stack.piUrl());
        browser.click("#pair-retry");
        eventually().until(() -> browser.isShown("#device-name"));
        assertThat(browser.isShown("#pair-failure")).isFalse();

        List<String> severe = browser.severeConsoleEntries();
        assertThat(severe).allSatisfy(message -> assertThat(message).contains(nobodyListens, "ERR_CONNECTION_REFUSED"));
    }

    @Test
    void wrongPasswordIsRefusedAndAnEndedSessionReturnsToLogin() {
        String email = uniqueEmail("login");
        Api.signUp(stack.gatewayUrl(), email, PASSWORD);

        browser.type("#login-email", email);
        browser.type("#login-password", "not the password");
        browser.click("#login-submit");
        eventually().until(() -> browser.isShown("#login-error"));
        assertThat(browser.text("#login-error")).isEqualTo("Wrong email or password.");
        assertThat(browser.hash()).isEqualTo("#/login");
        browser.screenshot("login-wrong-password");

        logInInBrowser(email, PASSWORD);
        assertThat(browser.text("#user-email")).isEqualTo(email);

        // The session ends elsewhere (another tab logs out): the next refresh sends the user to the login page.
        assertThat(Api.call("POST", stack.gatewayUrl() + "/api/auth/logout", token(), null).status()).isEqualTo(200);
        eventually().atMost(Duration.ofSeconds(45)).until(() -> "#/login".equals(browser.hash())
                && browser.isShown("#login-notice"));
        assertThat(browser.text("#login-notice")).contains("session has ended");
        browser.screenshot("session-ended");

        // Keyboard only: Enter in the password field submits, and focus lands on the new view's heading.
        browser.type("#login-email", email);
        browser.type("#login-password", PASSWORD + Keys.ENTER);
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-view"));
        eventually().until(() -> "devices-title".equals(browser.script("return document.activeElement.id")));
        browser.click("#logout-button");
        eventually().until(() -> browser.isShown("#login-notice"));
        assertThat(browser.text("#login-notice")).isEqualTo("You have logged out.");
        assertThat(token()).isNull();

        assertConsoleHasNoErrorsBut(401);
    }

    @Test
    void aMonthOfOneAMinuteReadingsIsChartedWholeAndExportedAsCsv() throws Exception {
        signUpInBrowser(uniqueEmail("month"));
        String deviceId = "weather-" + UUID.randomUUID();
        Api.Answer registered = Api.call("POST", stack.registryUrl() + "/api/device/register", token(),
                Map.of("deviceId", deviceId, "deviceName", "Weather station"));
        assertThat(registered.status()).as("register: %s", registered.body()).isEqualTo(201);
        String apiKey = registered.body().get("apiKey").asText();

        // 43,200 readings, one a minute up to now, whose value also moves within each hour (so hourly buckets
        // have a spread to draw), sent as the agent would: batches of 500 with ids, the oldest first.
        int total = 43_200;
        Instant newest = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<Map<String, Object>> readings = new ArrayList<>(total);
        double lastValue = 0;
        for (int i = 0; i < total; i++) {
            lastValue = Math.round((20 + 5 * Math.sin(2 * Math.PI * i / 1440) + (i % 60) * 0.05) * 100) / 100.0;
            readings.add(Map.of("id", "m-" + i, "timestamp", newest.minus(total - 1 - i, ChronoUnit.MINUTES).toString(),
                    "sensors", Map.of("temperature", lastValue)));
        }
        seed(apiKey, readings);
        // Readings sent long after they were taken join the ingest's hourly summaries at the rollup job's next runs;
        // until then the series leaves them out. The page is opened once the ingest counts all of them.
        String month = stack.ingestUrl() + "/api/readings/" + deviceId + "/series?sensor=temperature&points=800&from="
                + newest.minus(31, ChronoUnit.DAYS) + "&to=" + newest.plusSeconds(60);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Api.Answer series = Api.call("GET", month, token(), null);
            long counted = 0;
            for (var bucket : series.body().path("buckets")) {
                counted += bucket.get("count").asLong();
            }
            return counted == total;
        });

        browser.open(stack.uiUrl() + "/#/devices/" + deviceId);
        eventually().until(() -> "Weather station".equals(browser.text("#device-title")));
        browser.click("#range-month");
        String chart = "[data-testid=chart][data-sensor=temperature]";
        eventually().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(total)
                .equals(browser.find("#readings-count").getDomAttribute("data-count")));
        browser.script("document.getElementById('charts').scrollIntoView()");
        browser.screenshot("device-chart-month");

        // Complete: every reading is counted in the buckets drawn, and nothing says some were left out.
        assertThat(browser.find(chart).getDomAttribute("data-count")).isEqualTo(String.valueOf(total));
        assertThat(browser.find(chart).getDomAttribute("data-step")).isEqualTo("3600");
        assertThat(browser.text("#readings-count")).contains("43,200 readings").contains("last month")
                .doesNotContainIgnoringCase("only").doesNotContainIgnoringCase("not shown");
        // The latest value is the newest reading's (the overview's newest-first query, no paging through the month).
        assertThat(browser.text("#latest-values dd[data-sensor=temperature]")).isEqualTo(
                lastValue == Math.rint(lastValue) ? String.valueOf((long) lastValue)
                        : String.format(java.util.Locale.ROOT, "%.2f", lastValue));
        assertThat(browser.fetchedUrls()).as("no series, sensors or raw readings asked one by one")
                .noneMatch(url -> url.contains("/series?") || url.contains("/sensors?")
                        || url.contains("/api/readings/" + deviceId + "?"));

        // One refresh is one request: the overview, which also carries the device (status, agent, config state).
        browser.script("performance.clearResourceTimings()");
        browser.click("#range-week");
        eventually().until(() -> browser.text("#readings-count").contains("last week"));
        List<String> refresh = browser.fetchedUrls();
        assertThat(refresh.stream().filter(url -> url.startsWith(stack.ingestUrl())).toList()).as("ingest requests: %s", refresh)
                .singleElement().asString().contains("/api/readings/" + deviceId + "/overview?");
        assertThat(refresh.stream().filter(url -> url.equals(stack.registryUrl() + "/api/devices/" + deviceId)).toList())
                .as("registry requests for the device: %s", refresh).isEmpty();
        assertThat(browser.text("#device-title")).isEqualTo("Weather station");
        browser.click("#range-month");
        eventually().until(() -> browser.text("#readings-count").contains("last month"));

        // The band: hourly buckets hold 60 readings each, so the min-max band is drawn, in its fill colour.
        assertThat(Integer.parseInt(browser.find(chart).getDomAttribute("data-bands"))).isGreaterThan(700);
        assertThat(bandPixels(chart)).as("pixels of the band's fill").isGreaterThan(5_000);

        // A phone-wide window has room for fewer points: the page asks again, for 6-hour buckets, still complete.
        browser.setWindowSize(390, 844);
        eventually().until(() -> "21600".equals(browser.find(chart).getDomAttribute("data-step")));
        assertThat(browser.find(chart).getDomAttribute("data-count")).isEqualTo(String.valueOf(total));
        browser.screenshot("device-chart-month-phone");
        browser.setWindowSize(1280, 800);
        eventually().until(() -> "3600".equals(browser.find(chart).getDomAttribute("data-step")));

        // Download CSV: the shown range, under the server's file name, one row per reading, oldest first.
        try (var old = Files.list(browser.downloads())) {
            old.forEach(file -> file.toFile().delete());
        }
        browser.click("#download-csv");
        Path csv = eventually().atMost(Duration.ofSeconds(60)).until(this::downloadedCsv, java.util.Objects::nonNull);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("timestamp,id,temperature");
        assertThat(lines).hasSize(total + 1);
        assertThat(lines.get(1)).contains(",m-0,");
        assertThat(lines.getLast()).contains(",m-" + (total - 1) + ",");
        // Named by the server (its name holds the device and the range), not the page's fallback name.
        var direct = Api.getText(stack.ingestUrl() + "/api/readings/" + deviceId + "/export.csv", token());
        String serverName = direct.headers().firstValue("content-disposition").orElseThrow()
                .replaceFirst("^.*filename=\"([^\"]+)\".*$", "$1");
        assertThat(csv.getFileName().toString()).as("the saved file's name")
                .startsWith(serverName.substring(0, serverName.indexOf(deviceId) + deviceId.length())).endsWith(".csv");
        browser.screenshot("device-csv-downloaded");

        assertConsoleHasNoErrors();
        Api.call("DELETE", stack.registryUrl() + "/api/devices/" + deviceId + "?purge=true", token(), null);
    }

    /** Sends the readings in batches of 500, four at a time; a 503 or 429 is retried (ids make that safe). */
    private void seed(String apiKey, List<Map<String, Object>> readings) throws Exception {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += 500) {
            batches.add(readings.subList(from, Math.min(readings.size(), from + 500)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (List<Map<String, Object>> batch : batches) {
                sent.add(pool.submit(() -> send(apiKey, batch)));
            }
            int stored = 0;
            for (Future<Integer> one : sent) {
                stored += one.get(3, TimeUnit.MINUTES);
            }
            assertThat(stored).as("readings accepted or already stored").isEqualTo(readings.size());
        }
    }

    private int send(String apiKey, List<Map<String, Object>> batch) throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Api.Answer answer = Api.sendReadings(stack.ingestUrl(), apiKey, batch);
                if (answer.status() == 200) {
                    return answer.body().get("accepted").asInt() + answer.body().get("duplicates").asInt();
                }
                last = new IllegalStateException("POST /api/device/data answered " + answer);
                if (answer.status() != 503 && answer.status() != 429) {
                    throw last;
                }
            } catch (UncheckedIOException e) {
                last = e;
            }
            Thread.sleep(2000);
        }
        throw last;
    }

    /** The downloaded CSV once Chromium has finished writing it (no .crdownload left), else null. */
    private Path downloadedCsv() throws IOException {
        try (var files = Files.list(browser.downloads())) {
            List<Path> all = files.toList();
            return all.stream().anyMatch(file -> file.toString().endsWith(".crdownload")) ? null
                    : all.stream().filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }

    /** Pixels of the chart's canvas in the band's fill: the first chart colour at 18% opacity (the canvas is clear). */
    private long bandPixels(String chart) {
        return ((Number) browser.script("""
                const canvas = document.querySelector(arguments[0] + ' canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (Math.abs(pixels[i] - 11) <= 12 && Math.abs(pixels[i + 1] - 92) <= 12
                      && Math.abs(pixels[i + 2] - 173) <= 12 && Math.abs(pixels[i + 3] - 46) <= 12) {
                    n += 1;
                  }
                }
                return n;""", chart)).longValue();
    }

    private void signUpInBrowser(String email) {
        signUpInBrowser(stack.uiUrl(), email);
    }

    private void signUpInBrowser(String uiUrl, String email) {
        browser.open(uiUrl + "/#/signup");
        eventually().until(() -> browser.isShown("#signup-form"));
        browser.type("#signup-email", email);
        browser.type("#signup-password", PASSWORD);
        browser.click("#signup-submit");
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-view"));
    }

    private void logInInBrowser(String email, String password) {
        browser.type("#login-email", email);
        browser.type("#login-password", password);
        browser.click("#login-submit");
        eventually().until(() -> "#/devices".equals(browser.hash()) && browser.isShown("#devices-view"));
    }

    /** The code the simulated Pi shows, as its owner would read it off the Pi. */
    private String shownCode() {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.piClaimCode(stack.piUrl()), java.util.Objects::nonNull);
    }

    private void pairThePiByCodeInBrowser(String name) {
        browser.click("#nav-pair");
        eventually().until(() -> browser.isShown("#claim-code"));
        browser.screenshot("pairing-enter-code");
        browser.type("#claim-code", shownCode().toLowerCase().replace("-", " "));
        browser.type("#claim-name", name);
        browser.screenshot("pairing-code-typed");
        browser.click("#claim-submit");
        eventually().atMost(Duration.ofSeconds(90)).until(() -> browser.isShown("#pair-done")
                || browser.isShown("#pair-failure"));
        assertThat(browser.isShown("#pair-failure")).as("pairing failed: %s", browser.text("#pair-failure")).isFalse();
        assertThat(browser.text("#pair-done")).contains(name).contains("online");
        assertThat(Api.call("GET", stack.piUrl() + "/device-id", null, null).body().get("registered").asBoolean()).isTrue();
        assertThat(Api.piClaimCode(stack.piUrl())).as("a paired Pi shows no code").isNull();
    }

    private int chartPoints() {
        return browser.findAll("[data-testid=chart]").stream()
                .map(chart -> chart.getDomAttribute("data-points"))
                .mapToInt(points -> points == null ? 0 : Integer.parseInt(points))
                .max().orElse(0);
    }

    private String token() {
        return (String) browser.script("return localStorage.getItem('sessionToken')");
    }

    @SuppressWarnings("unchecked")
    private List<String> browserStorageKeys() {
        return (List<String>) browser.script("return Object.keys(localStorage).concat(Object.keys(sessionStorage))");
    }

    private void assertConsoleHasNoErrors() {
        assertConsoleHasNoErrorsBut();
    }

    /** Chrome logs every HTTP error answer as SEVERE; the statuses a test provokes on purpose are allowed. */
    private void assertConsoleHasNoErrorsBut(int... expectedStatuses) {
        List<String> unexpected = browser.severeConsoleEntries().stream()
                .filter(message -> java.util.Arrays.stream(expectedStatuses)
                        .noneMatch(status -> message.contains("the server responded with a status of " + status)))
                .toList();
        assertThat(unexpected).as("console errors").isEmpty();
    }

    private static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
