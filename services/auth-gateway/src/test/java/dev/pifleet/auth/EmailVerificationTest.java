package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The verification mail sent at sign-up, its link, and what /me says about it. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class EmailVerificationTest {

    private static final Pattern LINK =
            Pattern.compile("https://pifleet\\.example\\.org/#/verify-email\\?token=(pfv_[A-Za-z0-9_-]+)");

    @Test
    void theLinkMailedAtSignUpVerifiesTheAddressOnce() {
        String email = TestUsers.newEmail();
        String session = TestUsers.signUp(email);
        given().header("x-session-token", session).get("/api/auth/me")
                .then().statusCode(200).body("emailVerified", equalTo(false));

        String token = awaitToken(email);
        List<Integer> statuses = AtOnce.run(8, i -> verify(token).statusCode());

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 400).hasSize(7);
        given().header("x-session-token", session).get("/api/auth/me")
                .then().statusCode(200).body("emailVerified", equalTo(true));
        verify(token).then().statusCode(400).body("error", equalTo("invalid_link"));
    }

    @Test
    void aResentLinkWorksAndAResetTokenIsNoVerificationToken() {
        String email = TestUsers.newEmail();
        String session = TestUsers.signUp(email);
        awaitToken(email);
        given().header("x-session-token", session).post("/api/auth/verify-email/resend").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email).size() == 2);

        verify("pfr_" + "A".repeat(43)).then().statusCode(400).body("error", equalTo("invalid_link"));
        Matcher second = LINK.matcher(mailsTo(email).get(1));
        assertThat(second.find()).isTrue();
        verify(second.group(1)).then().statusCode(200);
        given().header("x-session-token", session).get("/api/auth/me").then().body("emailVerified", equalTo(true));
    }

    private static String awaitToken(String email) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(email).isEmpty());
        Matcher link = LINK.matcher(mailsTo(email).getFirst());
        assertThat(link.find()).as("a verification link in the mail").isTrue();
        return link.group(1);
    }

    private static List<String> mailsTo(String email) {
        return PasswordResetTest.mailsTo(email, "Confirm your email");
    }

    private static io.restassured.response.Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/auth/verify-email");
    }
}
