package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class BadInputTest {

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("number for the email", "{\"email\": 12, \"password\": \"long enough\"}", "invalid_input",
                        List.of("email")),
                Arguments.of("object for the password", "{\"email\": \"a@example.com\", \"password\": {}}",
                        "invalid_input", List.of("password")),
                Arguments.of("array for the body", "[]", "invalid_input", List.of("body")),
                Arguments.of("missing fields", "{}", "invalid_input", List.of("email", "password")),
                Arguments.of("empty body", "", "invalid_input", List.of("body")),
                Arguments.of("not an email", "{\"email\": \"not-an-email\", \"password\": \"long enough\"}",
                        "invalid_input", List.of("email")),
                Arguments.of("email without a domain", "{\"email\": \"a@b\", \"password\": \"long enough\"}",
                        "invalid_input", List.of("email")),
                Arguments.of("password too long", "{\"email\": \"a@example.com\", \"password\": \"" + "p".repeat(257) + "\"}",
                        "invalid_input", List.of("password")));
    }

    @ParameterizedTest(name = "signup: {0}")
    @MethodSource("invalidBodies")
    void signUpAnswersTheContractErrorForBadInput(String description, String body, String error, List<String> fields) {
        expectError(post("/api/auth/signup", body), 400, error, fields);
    }

    @ParameterizedTest(name = "login: {0}")
    @MethodSource("invalidBodies")
    void logInAnswersTheContractErrorForBadInput(String description, String body, String error, List<String> fields) {
        expectError(post("/api/auth/login", body), 400, error, fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/signup", "/api/auth/login", "/internal/sessions/verify"})
    void malformedJsonIsABadRequest(String path) {
        Response answer = post(path, "{\"email\": \"a@example.com\", ");
        answer.then().statusCode(400).contentType(ContentType.JSON)
                .body("success", equalTo(false))
                .body("error", equalTo("malformed_json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "1234567"})
    void signUpRefusesAPasswordUnderEightCharacters(String password) {
        String body = "{\"email\": \"" + TestUsers.newEmail() + "\", \"password\": \"" + password + "\"}";
        expectError(post("/api/auth/signup", body), 400, "invalid_input", List.of("password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"sessionToken\": 42}", "{\"sessionToken\": \"  \"}", "nonsense"})
    void verifyRefusesABodyWithoutAToken(String body) {
        given().contentType(ContentType.JSON).body(body).post("/internal/sessions/verify")
                .then().statusCode(400).body("success", equalTo(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/signup", "/api/auth/login", "/internal/sessions/verify"})
    void aBodyOverSixteenKibibytesIsTooLarge(String path) {
        String body = "{\"email\": \"a@example.com\", \"password\": \"" + "p".repeat(17 * 1024) + "\"}";
        expectError(post(path, body), 413, "payload_too_large", List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/signup", "/api/auth/login", "/internal/sessions/verify"})
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType(String path) {
        Response answer = given().contentType(ContentType.TEXT).body("email=a@example.com&password=long enough")
                .post(path);
        expectError(answer, 415, "unsupported_media_type", List.of());
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static void expectError(Response answer, int status, String error, List<String> fields) {
        answer.then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("success", equalTo(false))
                .body("error", equalTo(error));
        if (!fields.isEmpty()) {
            answer.then().body("details.field", hasItems(fields.toArray(String[]::new)));
        }
        assertThat(answer.asString()).doesNotContain("Exception", "\tat ", "\"code\":");
    }
}
