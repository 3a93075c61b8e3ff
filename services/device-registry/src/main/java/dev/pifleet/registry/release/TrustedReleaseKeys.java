package dev.pifleet.registry.release;

import dev.pifleet.device.release.ReleaseSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The release public keys the cloud trusts, read once at start-up; a bad key file stops the service. */
@ApplicationScoped
public class TrustedReleaseKeys {

    private static final Logger LOG = Logger.getLogger(TrustedReleaseKeys.class);
    private final List<PublicKey> keys;

    TrustedReleaseKeys(ReleaseConfig config) {
        try {
            this.keys = ReleaseSignature.loadFolders(config.keysDirs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted release keys", e);
        }
        LOG.infof("trusted release keys: %s", keys.stream().map(ReleaseSignature::keyId).toList());
    }

    /** The id of the trusted key that made this signature, if one did. */
    public Optional<String> signer(String version, String sha256, String signature) {
        return ReleaseSignature.signer(keys, version, sha256, signature).map(ReleaseSignature::keyId);
    }
}
