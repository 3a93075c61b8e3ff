package dev.pifleet.auth;

import static dev.pifleet.auth.TestUsers.PASSWORD;
import static dev.pifleet.auth.TestUsers.credentials;
import static dev.pifleet.auth.TestUsers.newEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** With the test profile's limits: 5 failures per email, 10 per address, in 15 minutes. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class LoginThrottleTest {

    private final String address = "10.%d.%d.%d".formatted(ThreadLocalRandom.current().nextInt(256),
            ThreadLocalRandom.current().nextInt(256), ThreadLocalRandom.current().nextInt(1, 255));

    @Test
    void repeatedFailuresForOneEmailAreRefusedEvenWithTheRightPassword() {
        String email = newEmail();
        TestUsers.signUp(email);
        for (int attempt = 0; attempt < 5; attempt++) {
            logIn(email, "wrong password", address).then().statusCode(401);
        }

        Response limited = logIn(email, PASSWORD, address);

        limited.then().statusCode(429).body("success", equalTo(false)).body("error", equalTo("rate_limited"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 15 * 60);
        logIn(email.toUpperCase(), PASSWORD, otherAddress()).then().statusCode(429);
    }

    @Test
    void aSuccessfulLoginResetsTheEmailsFailures() {
        String email = newEmail();
        TestUsers.signUp(email);
        for (int attempt = 0; attempt < 4; attempt++) {
            logIn(email, "wrong password", address).then().statusCode(401);
        }
        logIn(email, PASSWORD, address).then().statusCode(200);
        for (int attempt = 0; attempt < 4; attempt++) {
            logIn(email, "wrong password", address).then().statusCode(401);
        }

        logIn(email, PASSWORD, address).then().statusCode(200);
    }

    @Test
    void repeatedFailuresFromOneAddressAreRefusedForEveryEmail() {
        String email = newEmail();
        TestUsers.signUp(email);
        for (int attempt = 0; attempt < 10; attempt++) {
            logIn(newEmail(), PASSWORD, address).then().statusCode(401);
        }

        logIn(email, PASSWORD, address).then().statusCode(429).body("error", equalTo("rate_limited"));
        logIn(email, PASSWORD, otherAddress()).then().statusCode(200);
    }

    private static Response logIn(String email, String password, String clientAddress) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress)
                .body(credentials(email, password))
                .post("/api/auth/login");
    }

    private static String otherAddress() {
        return "192.168.%d.%d".formatted(ThreadLocalRandom.current().nextInt(256),
                ThreadLocalRandom.current().nextInt(1, 255));
    }
}
