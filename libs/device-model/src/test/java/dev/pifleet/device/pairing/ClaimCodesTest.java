package dev.pifleet.device.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimCodesTest {

    @Test
    void generatedCodesAreEightCrockfordCharactersInTwoGroups() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = ClaimCodes.generate();
            assertThat(code).matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$");
            assertThat(ClaimCodes.normalize(code)).contains(code.replace("-", ""));
            seen.add(code);
        }
        assertThat(seen).hasSizeGreaterThan(990);
    }

    @Test
    void typedInputIsForgivingAboutCaseSpacesDashesAndLookAlikes() {
        assertThat(ClaimCodes.normalize("7kq2-m9xd")).contains("7KQ2M9XD");
        assertThat(ClaimCodes.normalize(" 7KQ2 M9XD ")).contains("7KQ2M9XD");
        assertThat(ClaimCodes.normalize("7KQ2M9XD")).contains("7KQ2M9XD");
        assertThat(ClaimCodes.normalize("O1LI-abcd")).contains("0111ABCD");
    }

    @Test
    void anythingElseIsNotACode() {
        assertThat(ClaimCodes.normalize(null)).isEmpty();
        assertThat(ClaimCodes.normalize("")).isEmpty();
        assertThat(ClaimCodes.normalize("7KQ2-M9X")).isEmpty();
        assertThat(ClaimCodes.normalize("7KQ2-M9XDD")).isEmpty();
        assertThat(ClaimCodes.normalize("7KQ2-M9XU")).as("U is not Crockford").isEmpty();
        assertThat(ClaimCodes.normalize("{\"$ne\":1}")).isEmpty();
        assertThat(ClaimCodes.normalize("x".repeat(5000))).isEmpty();
    }

    @Test
    void displayAndHashUseTheCanonicalForm() {
        assertThat(ClaimCodes.display("7KQ2M9XD")).isEqualTo("7KQ2-M9XD");
        assertThat(ClaimCodes.hash("7KQ2M9XD")).hasSize(64).isNotEqualTo(ClaimCodes.hash("7KQ2M9XE"));
    }
}
