package dev.pifleet.registry.release;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code pifleet.releases.*}; the defaults are in application.properties. */
@ConfigMapping(prefix = "pifleet.releases")
public interface ReleaseConfig {

    /**
     * SHA-256 (hex) of the operator credential that may publish releases, from a Kubernetes Secret. Unset: nobody can
     * publish (the secure default).
     */
    Optional<String> operatorTokenHash();

    /** Folders of trusted release public keys ({@code *.pem}): the cloud's own copy of what the Pis ship. */
    List<Path> keysDirs();

    /** Whether a release URL may be plain {@code http://} (the local run only; the cloud profile's Pis refuse it). */
    boolean allowHttp();
}
