package dev.pifleet.agent.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentKeyFileTest {

    @Test
    void theKeyPairIsMadeOnceOwnerOnlyAndTheSameOneIsLoadedLater(@TempDir Path stateDir) throws Exception {
        KeyPair first = AgentKeyFile.loadOrCreate(stateDir);
        Path file = stateDir.resolve(AgentKeyFile.FILE_NAME);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(stateDir)) {
            assertThat(files).containsExactly(file);
        }

        KeyPair reloaded = AgentKeyFile.loadOrCreate(stateDir);

        assertThat(reloaded.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(reloaded.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(AgentProof.verify(Purpose.CLAIM_CODE, AgentProof.sign(Purpose.CLAIM_CODE, "pi-1", reloaded, 42)))
                .isTrue();
    }

    @Test
    void aDamagedKeyFileStopsTheAgentWithAClearMessage(@TempDir Path stateDir) throws Exception {
        Files.writeString(stateDir.resolve(AgentKeyFile.FILE_NAME), "{\"algorithm\":\"Ed25519\",\"privateKey\":\"AAAA\"}");

        assertThatThrownBy(() -> AgentKeyFile.loadOrCreate(stateDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delete it");
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        assertThat(new AgentKeyFile.Stored("Ed25519", "c2VjcmV0", "cHVi", null).toString()).doesNotContain("c2VjcmV0");
    }
}
