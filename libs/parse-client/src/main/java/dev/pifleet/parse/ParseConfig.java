package dev.pifleet.parse;

import io.smallrye.config.ConfigMapping;

/** Where Parse Server is and the keys to reach it; the master key never leaves the backend. */
@ConfigMapping(prefix = "parse")
public interface ParseConfig {

    /** Base URL including the mount path, e.g. {@code http://127.0.0.1:1337/parse}. */
    String url();

    String appId();

    String masterKey();
}
