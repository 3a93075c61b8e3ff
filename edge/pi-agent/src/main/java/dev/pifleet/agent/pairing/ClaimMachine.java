package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decisions of claim mode, without I/O or a clock of its own (so they are tested with a fake clock): whether a
 * claim code is needed, when to ask for one or renew it, when to poll for the key, and how long to hold back after a
 * failure. {@link ClaimLoop} does the calls and reports each answer back.
 */
public final class ClaimMachine {

    /** What to do at {@link Next#at()}: ask for a code, poll for the key, or nothing (look again then). */
    public enum Action { NONE, REQUEST_CODE, POLL }

    public record Next(Action action, Instant at) {
    }

    /** The code on show, if any. */
    public record Code(String code, Instant expiresAt) {
    }

    /** A registry code lives at most 15 minutes; a longer answer (or a skewed clock) is not believed. */
    static final Duration MAX_CODE_LIFE = Duration.ofMinutes(15);
    static final Duration MIN_CODE_LIFE = Duration.ofSeconds(30);
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

    private final Duration pollInterval;
    private final Backoff backoff;
    private boolean claiming;
    private Code code;
    private Instant renewAt;
    private Instant forgetAt;
    private Instant nextPollAt;
    private Instant notBefore;
    private Attempt lastCall;
    private long lastTimestamp;

    public ClaimMachine(Duration pollInterval, Backoff backoff) {
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
            // A zero or tiny interval would hammer the registry from every unpaired Pi.
            throw new IllegalArgumentException("pifleet.agent.pairing.poll-interval must be at least "
                    + MIN_POLL_INTERVAL.toMillis() + " ms, not " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.backoff = backoff;
    }

    /** The next step, given whether the agent needs a claim now ({@link CredentialsStore#claimNeeded()}). */
    public synchronized Next next(Instant now, boolean claimNeeded) {
        if (!claimNeeded) {
            claiming = false;
            code = null;
            notBefore = null;
            backoff.reset();
            return new Next(Action.NONE, now.plus(pollInterval));
        }
        claiming = true;
        if (code != null && !now.isBefore(forgetAt)) {
            code = null;
        }
        Next due;
        if (code == null || !now.isBefore(renewAt)) {
            due = new Next(Action.REQUEST_CODE, now);
        } else if (nextPollAt.isBefore(renewAt)) {
            due = new Next(Action.POLL, later(now, nextPollAt));
        } else {
            due = new Next(Action.REQUEST_CODE, renewAt);
        }
        return notBefore != null && due.at().isBefore(notBefore) ? new Next(due.action(), notBefore) : due;
    }

    /**
     * The registry issued a code. It is renewed when two thirds of its life have passed or a minute before it expires,
     * whichever comes first (for very short lives: half-way), and the first poll follows one poll interval later.
     */
    public synchronized void codeIssued(Instant now, String newCode, Instant expiresAt) {
        Duration life = clamp(Duration.between(now, expiresAt), MIN_CODE_LIFE, MAX_CODE_LIFE);
        Duration renewAfter = min(life.multipliedBy(2).dividedBy(3), life.minus(RENEW_BEFORE_EXPIRY));
        if (renewAfter.compareTo(life.dividedBy(2)) < 0) {
            renewAfter = life.dividedBy(2);
        }
        code = new Code(newCode, expiresAt);
        renewAt = now.plus(renewAfter);
        forgetAt = now.plus(life);
        nextPollAt = now.plus(pollInterval);
        succeeded(now, "201 code issued");
    }

    /** {@code paired=false}: poll again one interval later. */
    public synchronized void notClaimedYet(Instant now) {
        nextPollAt = now.plus(pollInterval);
        succeeded(now, "200 paired=false");
    }

    /** The key was collected and stored: the code is spent. */
    public synchronized void paired(Instant now) {
        code = null;
        succeeded(now, "200 paired=true");
    }

    /** 404 {@code claim_not_found}: the registry has no claim for this agent key any more, so ask for a new code. */
    public synchronized void claimNotFound(Instant now) {
        code = null;
        succeeded(now, "404 claim_not_found");
    }

    /**
     * A network error, a 5xx, a 429 or an unexpected answer: hold back with the capped backoff, or the server's
     * Retry-After (capped the same way).
     */
    public synchronized void failed(Instant now, String result, Optional<Duration> retryAfter) {
        notBefore = now.plus(backoff.next(retryAfter));
        lastCall = new Attempt(now, result);
    }

    /** Signature timestamps: the registry refuses one not newer than the last this key used, so they strictly increase. */
    public synchronized long nextTimestamp(long nowMillis) {
        lastTimestamp = Math.max(nowMillis, lastTimestamp + 1);
        return lastTimestamp;
    }

    public synchronized boolean claiming() {
        return claiming;
    }

    /** The code to show: only in claim mode, and only until it expires. */
    public synchronized Optional<Code> code(Instant now) {
        return claiming && code != null && now.isBefore(forgetAt) ? Optional.of(code) : Optional.empty();
    }

    public synchronized Optional<Attempt> lastCall() {
        return Optional.ofNullable(lastCall);
    }

    private void succeeded(Instant now, String result) {
        notBefore = null;
        backoff.reset();
        lastCall = new Attempt(now, result);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration clamp(Duration value, Duration low, Duration high) {
        return value.compareTo(low) < 0 ? low : value.compareTo(high) > 0 ? high : value;
    }
}
