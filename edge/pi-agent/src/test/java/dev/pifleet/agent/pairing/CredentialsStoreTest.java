package dev.pifleet.agent.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsStoreTest {

    @Test
    void credentialsFileIsOwnerOnlyAndReplacedWholeOnEveryPairing(@TempDir Path stateDir) throws Exception {
        CredentialsStore store = new CredentialsStore(stateDir);
        store.save(new Credentials(ApiKeys.generate(), "Greenhouse", Instant.now()));
        String second = ApiKeys.generate();

        store.save(new Credentials(second, "Greenhouse 2", Instant.now()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(store.current()).get().extracting(Credentials::apiKey).isEqualTo(second);
        try (var files = Files.list(stateDir)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void toStringNeverShowsTheKey() {
        String key = ApiKeys.generate();

        assertThat(new Credentials(key, "Pi", Instant.now()).toString()).doesNotContain(key).contains("redacted");
        assertThat(new RegisterRequest(key, "Pi").toString()).doesNotContain(key);
    }

    @Test
    void aRefusedKeyNeedsRePairingUntilANewKeyIsSaved(@TempDir Path stateDir) {
        CredentialsStore store = new CredentialsStore(stateDir);
        String old = ApiKeys.generate();
        store.save(new Credentials(old, "Pi", Instant.now()));

        store.markRejected(old);

        assertThat(store.rePairingNeeded()).isTrue();
        assertThat(store.usableKey()).isEmpty();

        String fresh = ApiKeys.generate();
        store.save(new Credentials(fresh, "Pi", Instant.now()));

        assertThat(store.rePairingNeeded()).isFalse();
        assertThat(store.usableKey()).contains(fresh);
    }

    @Test
    void aLate401ForTheOldKeyDoesNotBlockTheNewOne(@TempDir Path stateDir) {
        CredentialsStore store = new CredentialsStore(stateDir);
        String old = ApiKeys.generate();
        store.save(new Credentials(old, "Pi", Instant.now()));
        String fresh = ApiKeys.generate();
        store.save(new Credentials(fresh, "Pi", Instant.now()));

        store.markRejected(old);

        assertThat(store.usableKey()).contains(fresh);
    }
}
