package dev.pifleet.parse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Parse Server is and the keys to reach it; the master key never leaves the backend. */
@ConfigMapping(prefix = "parse")
public interface ParseConfig {

    /**
     * Base URL including the mount path, e.g. {@code http://127.0.0.1:1337/parse}; its default (from
     * {@code PARSE_SERVER_URL}) is in this library's {@code META-INF/microprofile-config.properties}.
     */
    String url();

    @WithDefault("pifleet")
    String appId();

    /** No default: the environment ({@code PARSE_MASTER_KEY}) or a Kubernetes Secret gives it. */
    String masterKey();
}
