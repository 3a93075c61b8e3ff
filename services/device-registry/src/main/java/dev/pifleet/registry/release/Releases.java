package dev.pifleet.registry.release;

import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Publishing: only a release one of the trusted keys signed, at an https URL, and each version once. */
@ApplicationScoped
public class Releases {

    /** The agent's .deb is about 25 MB; a limit keeps a typo from asking every Pi to fetch gigabytes. */
    public static final long MAX_PACKAGE_BYTES = 512L * 1024 * 1024;

    private final ReleaseStore store;
    private final TrustedReleaseKeys keys;
    private final ReleaseConfig config;

    Releases(ReleaseStore store, TrustedReleaseKeys keys, ReleaseConfig config) {
        this.store = store;
        this.keys = keys;
        this.config = config;
    }

    public Release publish(PublishRequest request, Instant at) {
        if (!config.allowHttp() && !request.url().startsWith("https://")) {
            throw ApiException.badRequest("url", "must be an https URL");
        }
        String keyId = keys.signer(request.version(), request.sha256(), request.signature())
                .orElseThrow(() -> new ApiException(400, "bad_signature", "the signature was not made by a trusted"
                        + " release key over pifleet-release-v1|" + request.version() + "|" + request.sha256(), null,
                        List.of(new dev.pifleet.service.FieldError("signature", "not made by a trusted release key"))));
        Release release = new Release(request.version(), request.sha256(), request.size(), request.url(),
                request.signature(), keyId, request.notes(), at);
        return store.create(release).orElseThrow(() -> ApiException.conflict("release_exists",
                "version " + request.version() + " is published already; a release is never replaced"));
    }

    public List<Release> list() {
        return store.list();
    }
}
