package dev.pifleet.auth;

import static dev.pifleet.auth.TestUsers.PASSWORD;
import static dev.pifleet.auth.TestUsers.credentials;
import static dev.pifleet.auth.TestUsers.newEmail;
import static dev.pifleet.auth.TestUsers.randomAddress;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.auth.link.AccountLinks;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Password reset and change against the real Parse Server and a real SMTP server. With the test profile's limits:
 * 5 reset requests per address and 2 mails per email per hour; links start with https://pifleet.example.org.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class PasswordResetTest {

    private static final String PUBLIC_URL = "https://pifleet.example.org";
    private static final Pattern LINK = Pattern.compile("(\\S+)/#/reset-password\\?token=(pfr_[A-Za-z0-9_-]+)");
    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 3;

    @Inject
    ParseClient parse;

    @Inject
    AccountLinks links;

    @Test
    void aMailedLinkResetsThePasswordOnceAndEndsEverySession() {
        String email = newEmail();
        String first = TestUsers.signUp(email);
        String second = logIn(email, PASSWORD).then().statusCode(200).extract().path("sessionToken");

        requestReset(email, randomAddress()).header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .post("/api/auth/password-reset").then().statusCode(200).body("success", equalTo(true));

        Matcher link = awaitLink(email);
        assertThat(link.group(1)).isEqualTo(PUBLIC_URL);
        String token = link.group(2);

        confirm(token, "a brand new passphrase").then().statusCode(200).body("success", equalTo(true));

        for (String old : List.of(first, second)) {
            given().header("x-session-token", old).get("/api/auth/me").then().statusCode(401);
        }
        logIn(email, PASSWORD).then().statusCode(401);
        logIn(email, "a brand new passphrase").then().statusCode(200);
        confirm(token, "yet another passphrase").then().statusCode(400).body("error", equalTo("invalid_link"));
        logIn(email, "yet another passphrase").then().statusCode(401);
    }

    @Test
    void anExpiredOrUnknownLinkIsRefusedWithOneCode() {
        String email = newEmail();
        TestUsers.signUp(email);
        String userId = logIn(email, PASSWORD).then().extract().path("userId");
        String token = links.issue(AccountLinks.Purpose.PASSWORD_RESET, userId, email, Duration.ofHours(1));
        for (ParseObject row : parse.find(ParseAuth.master(), ParseQuery.of("AccountLink").equalTo("user", Pointer.user(userId)))) {
            parse.update(ParseAuth.master(), "AccountLink", row.objectId(),
                    ParseFields.create().set("expiresAt", Instant.now().minusSeconds(1)));
        }

        confirm(token, "a brand new passphrase").then().statusCode(400).body("error", equalTo("invalid_link"));
        confirm("pfr_" + "A".repeat(43), "a brand new passphrase").then().statusCode(400).body("error", equalTo("invalid_link"));
        confirm("nonsense", "a brand new passphrase").then().statusCode(400).body("error", equalTo("invalid_link"));
        String verification = links.issue(AccountLinks.Purpose.VERIFY_EMAIL, userId, email, Duration.ofHours(1));
        confirm(verification, "a brand new passphrase").then().statusCode(400).body("error", equalTo("invalid_link"));
        logIn(email, PASSWORD).then().statusCode(200);
    }

    @Test
    void knownAndUnknownEmailsGetTheSameAnswerAndOnlyAnAccountGetsMail() {
        String known = newEmail();
        TestUsers.signUp(known);
        String unknown = newEmail();

        Response forKnown = requestReset(known, randomAddress()).post("/api/auth/password-reset");
        Response forUnknown = requestReset(unknown, randomAddress()).post("/api/auth/password-reset");

        assertThat(forUnknown.statusCode()).isEqualTo(forKnown.statusCode()).isEqualTo(200);
        assertThat(forUnknown.asString()).isEqualTo(forKnown.asString());
        awaitLink(known);
        assertThat(mailsTo(unknown)).isEmpty();
    }

    @Test
    void mailsPerEmailAreLimitedWhileTheAnswerStaysTheSame() {
        String email = newEmail();
        TestUsers.signUp(email);
        String userId = logIn(email, PASSWORD).then().extract().path("userId");

        for (int i = 0; i < 4; i++) {
            requestReset(email, randomAddress()).post("/api/auth/password-reset").then().statusCode(200);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email).size() == 2);
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("AccountLink").equalTo("user", Pointer.user(userId))
                        .equalTo("purpose", "password-reset")))
                .isEqualTo(2);
    }

    @Test
    void eightRequestsAtOnceFromOneAddressPassTheLimitOnlyFiveTimes() {
        for (int round = 0; round < ROUNDS; round++) {
            String address = randomAddress();
            List<Integer> statuses = AtOnce.run(AT_ONCE,
                    i -> requestReset(newEmail(), address).post("/api/auth/password-reset").statusCode());
            assertThat(statuses).as("round %d", round).containsOnly(200, 429);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
        }
    }

    @Test
    void eightConfirmsOfOneLinkAtOnceHaveOneWinner() {
        for (int round = 0; round < ROUNDS; round++) {
            String email = newEmail();
            TestUsers.signUp(email);
            String userId = logIn(email, PASSWORD).then().extract().path("userId");
            String token = links.issue(AccountLinks.Purpose.PASSWORD_RESET, userId, email, Duration.ofHours(1));

            List<Response> answers = AtOnce.run(AT_ONCE, i -> confirm(token, "new passphrase number " + i));

            List<Response> winners = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(answers).filteredOn(a -> a.statusCode() == 400).hasSize(AT_ONCE - 1)
                    .allSatisfy(a -> assertThat(a.<String>path("error")).isEqualTo("invalid_link"));
            int winner = answers.indexOf(winners.getFirst());
            logIn(email, "new passphrase number " + winner).then().statusCode(200);
        }
    }

    @Test
    void changingThePasswordEndsEverySessionAndAnswersANewOne() {
        String email = newEmail();
        String first = TestUsers.signUp(email);
        String second = logIn(email, PASSWORD).then().extract().path("sessionToken");

        given().header("x-session-token", first).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not it at all", "newPassword", "a brand new passphrase"))
                .header("X-Forwarded-For", randomAddress())
                .post("/api/auth/password").then().statusCode(403).body("error", equalTo("wrong_password"));

        String fresh = given().header("x-session-token", first).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"))
                .post("/api/auth/password").then().statusCode(200).body("email", equalTo(email))
                .extract().path("sessionToken");

        given().header("x-session-token", fresh).get("/api/auth/me").then().statusCode(200);
        for (String old : List.of(first, second)) {
            given().header("x-session-token", old).get("/api/auth/me").then().statusCode(401);
        }
        logIn(email, PASSWORD).then().statusCode(401);
        logIn(email, "a brand new passphrase").then().statusCode(200);
    }

    @Test
    void anApiTokenCannotChangeThePassword() {
        String session = TestUsers.signUp(newEmail());
        String token = given().header("x-session-token", session).contentType(ContentType.JSON)
                .body(Map.of("name", "t", "scopes", List.of("read", "devices", "alerts")))
                .post("/api/tokens").then().statusCode(201).extract().path("token");

        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"))
                .post("/api/auth/password").then().statusCode(403).body("error", equalTo("session_required"));
    }

    @Test
    void badInputIsRefusedWithTheContractsError() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not an email")).post("/api/auth/password-reset")
                .then().statusCode(400).body("error", equalTo("invalid_input"));
        confirm("pfr_x", "short").then().statusCode(400).body("error", equalTo("invalid_input"));
        given().contentType(ContentType.JSON).body(Map.of("password", "long enough passphrase"))
                .post("/api/auth/password-reset/confirm").then().statusCode(400).body("error", equalTo("invalid_input"));
    }

    private static io.restassured.specification.RequestSpecification requestReset(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address).body(Map.of("email", email));
    }

    private static Response confirm(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .post("/api/auth/password-reset/confirm");
    }

    private static Response logIn(String email, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", randomAddress())
                .body(credentials(email, password)).post("/api/auth/login");
    }

    private static Matcher awaitLink(String email) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(email).isEmpty());
        Matcher link = LINK.matcher(mailsTo(email).getFirst());
        assertThat(link.find()).as("a reset link in the mail").isTrue();
        return link;
    }

    private static List<String> mailsTo(String email) {
        return mailsTo(email, "Reset your password");
    }

    /** The text of every mail received for this address whose subject contains {@code subject}. */
    static List<String> mailsTo(String email, String subject) {
        return Arrays.stream(GatewayTestResource.smtp().getReceivedMessages())
                .filter(message -> recipient(message).equalsIgnoreCase(email) && subject(message).contains(subject))
                .map(PasswordResetTest::text)
                .toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
