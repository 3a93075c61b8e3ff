package dev.pifleet.auth;

import static dev.pifleet.auth.TestUsers.PASSWORD;
import static dev.pifleet.auth.TestUsers.credentials;
import static dev.pifleet.auth.TestUsers.newEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * With the test profile's limits: 10 failures per address in 15 minutes; per account 5 free failures, then a
 * delay of 5 minutes and more for addresses with 3 failures of their own on it.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class LoginThrottleTest {

    @TestHTTPResource("/api/auth/login")
    URI loginUri;

    private final String address = randomAddress("10");

    @Test
    void anAddressThatKeepsFailingIsHeldWhileTheOwnerElsewhereLogsIn() {
        String email = newEmail();
        TestUsers.signUp(email);
        for (int attempt = 0; attempt < 5; attempt++) {
            logIn(email, "wrong password", address).then().statusCode(401);
        }

        Response limited = logIn(email, PASSWORD, address);

        limited.then().statusCode(429).body("success", equalTo(false)).body("error", equalTo("rate_limited"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 15 * 60);
        logIn(email.toUpperCase(), PASSWORD, randomAddress("192.168")).then().statusCode(200);
    }

    @Test
    void theOwnerWhoMistypesStillLogsInWhileStrangersFail() {
        String email = newEmail();
        TestUsers.signUp(email);
        for (int stranger = 0; stranger < 10; stranger++) {
            logIn(email, "guess " + stranger, randomAddress("172.16")).then().statusCode(401);
        }

        logIn(email, "typo", address).then().statusCode(401);
        logIn(email, "typo again", address).then().statusCode(401);
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
        logIn(email, PASSWORD, randomAddress("192.168")).then().statusCode(200);
    }

    @Test
    void parallelWrongPasswordsReachThePasswordCheckAtMostTheFreeFailures() {
        String email = newEmail();
        TestUsers.signUp(email);
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}";

        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 60)
                .mapToObj(attempt -> client.sendAsync(HttpRequest.newBuilder(loginUri)
                        .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        Map<Integer, Long> statuses = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(statuses.keySet()).containsOnly(401, 429);
        assertThat(statuses.getOrDefault(401, 0L)).isBetween(1L, 5L);
        logIn(email, PASSWORD, address).then().statusCode(429);
        logIn(email, PASSWORD, randomAddress("192.168")).then().statusCode(200);
    }

    @Test
    void aForgedLeftmostForwardedForDoesNotChangeTheThrottledAddress() {
        Function<String, String> forged = real -> randomAddress("100") + ", " + real;
        for (int attempt = 0; attempt < 10; attempt++) {
            logIn(newEmail(), PASSWORD, forged.apply(address)).then().statusCode(401);
        }

        logIn(newEmail(), PASSWORD, forged.apply(address)).then().statusCode(429);
        logIn(newEmail(), PASSWORD, address).then().statusCode(429);
    }

    private static Response logIn(String email, String password, String forwardedFor) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .body(credentials(email, password))
                .post("/api/auth/login");
    }

    private static String randomAddress(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder address = new StringBuilder(prefix);
        for (int octet = prefix.split("\\.").length; octet < 4; octet++) {
            address.append('.').append(octet == 3 ? random.nextInt(1, 255) : random.nextInt(256));
        }
        return address.toString();
    }
}
