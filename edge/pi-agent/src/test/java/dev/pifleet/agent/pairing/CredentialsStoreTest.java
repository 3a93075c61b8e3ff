package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
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
        store.save(new Credentials(ApiKeys.generate(), "Greenhouse", Instant.now(), PairingMethod.CODE));
        String second = ApiKeys.generate();

        store.save(new Credentials(second, "Greenhouse 2", Instant.now(), PairingMethod.CODE));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(store.current()).get().extracting(Credentials::apiKey).isEqualTo(second);
        try (var files = Files.list(stateDir)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void aFileWrittenBeforePairingByCodeReadsAsLegacy(@TempDir Path stateDir) throws Exception {
        Files.writeString(stateDir.resolve(CredentialsStore.FILE_NAME), "{\"apiKey\":\"" + ApiKeys.generate()
                + "\",\"deviceName\":\"Old Pi\",\"pairedAt\":\"2026-11-27T04:10:00Z\"}");

        CredentialsStore store = new CredentialsStore(stateDir);

        assertThat(store.current()).get().extracting(Credentials::method).isEqualTo(PairingMethod.LEGACY);
        assertThat(store.claimNeeded()).isTrue();
    }

    @Test
    void aFileWithoutAKeyIsNoCredentialsAndTheAgentClaimsAgain(@TempDir Path stateDir) throws Exception {
        Files.writeString(stateDir.resolve(CredentialsStore.FILE_NAME), "{}");
        CredentialsStore store = new CredentialsStore(stateDir);

        assertThat(store.current()).isEmpty();
        assertThat(store.usableKey()).isEmpty();
        assertThat(store.claimNeeded()).isTrue();
    }

    @Test
    void theMethodIsWrittenToTheFile(@TempDir Path stateDir) throws Exception {
        CredentialsStore store = new CredentialsStore(stateDir);
        store.save(new Credentials(ApiKeys.generate(), "Pi", Instant.now(), PairingMethod.CODE));

        assertThat(Files.readString(store.file())).contains("\"method\":\"code\"");
    }

    @Test
    void toStringNeverShowsTheKey() {
        String key = ApiKeys.generate();

        assertThat(new Credentials(key, "Pi", Instant.now(), PairingMethod.CODE).toString()).doesNotContain(key).contains("redacted");
        assertThat(new RegisterRequest(key, "Pi").toString()).doesNotContain(key);
    }

    @Test
    void aRefusedKeyNeedsRePairingUntilANewKeyIsSaved(@TempDir Path stateDir) {
        CredentialsStore store = new CredentialsStore(stateDir);
        String old = ApiKeys.generate();
        store.save(new Credentials(old, "Pi", Instant.now(), PairingMethod.CODE));

        store.markRejected(old);

        assertThat(store.rePairingNeeded()).isTrue();
        assertThat(store.usableKey()).isEmpty();

        String fresh = ApiKeys.generate();
        store.save(new Credentials(fresh, "Pi", Instant.now(), PairingMethod.CODE));

        assertThat(store.rePairingNeeded()).isFalse();
        assertThat(store.usableKey()).contains(fresh);
    }

    @Test
    void aLate401ForTheOldKeyDoesNotBlockTheNewOne(@TempDir Path stateDir) {
        CredentialsStore store = new CredentialsStore(stateDir);
        String old = ApiKeys.generate();
        store.save(new Credentials(old, "Pi", Instant.now(), PairingMethod.CODE));
        String fresh = ApiKeys.generate();
        store.save(new Credentials(fresh, "Pi", Instant.now(), PairingMethod.CODE));

        store.markRejected(old);

        assertThat(store.usableKey()).contains(fresh);
    }
}
