package dev.pifleet.parse;

import java.util.Objects;

/** Whose authority a Parse call carries: the backend's master key or a user's session. */
public sealed interface ParseAuth {

    ParseAuth MASTER = new Master();

    static ParseAuth master() {
        return MASTER;
    }

    static ParseAuth session(String sessionToken) {
        return new Session(sessionToken);
    }

    record Master() implements ParseAuth {
    }

    record Session(String token) implements ParseAuth {
        public Session {
            Objects.requireNonNull(token, "session token");
        }

        @Override
        public String toString() {
            return "Session[token=<redacted>]";
        }
    }
}
