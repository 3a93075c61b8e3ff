package dev.pifleet.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void keysArePrefixedUrlSafeAndCarry256RandomBits() {
        String key = ApiKeys.generate();
        assertThat(key).startsWith("pfk_").matches("pfk_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(ApiKeys.generate());
        }
        assertThat(keys).hasSize(10_000);
    }

    @Test
    void hashIsHexSha256() {
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void malformedKeysAreRecognised() {
        assertThat(ApiKeys.isWellFormed("pfk_short")).isFalse();
        assertThat(ApiKeys.isWellFormed(null)).isFalse();
        assertThat(ApiKeys.isWellFormed("not-a-key")).isFalse();
    }
}
