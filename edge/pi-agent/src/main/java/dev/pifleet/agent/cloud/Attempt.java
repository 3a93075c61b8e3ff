package dev.pifleet.agent.cloud;

import java.time.Instant;

/** When a cloud call was last made and how it ended, for /status. */
public record Attempt(Instant at, String result) {
}
