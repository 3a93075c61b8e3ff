package dev.pifleet.auth.password;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Password reset by mail; the defaults are in application.properties. */
@ConfigMapping(prefix = "pifleet.auth.password-reset")
public interface PasswordConfig {

    /** How long a mailed link works. */
    Duration linkValidity();

    /** The throttle's window, for both counts below. */
    Duration window();

    /** Reset requests from one client address per window; then 429 (it says nothing about any account). */
    int maxPerAddress();

    /** Mails to one address per window; further requests answer the same 200 and send nothing. */
    int maxMailsPerEmail();
}
