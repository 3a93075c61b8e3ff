package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.agent.pairing.ClaimMachine.Action;
import dev.pifleet.agent.pairing.ClaimMachine.Next;
import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.device.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claim mode's decisions with a fake clock and scripted registry answers: nothing here sleeps or calls anything. */
class ClaimMachineTest {

    private static final Duration POLL = Duration.ofSeconds(3);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final ClaimMachine machine = new ClaimMachine(POLL, new Backoff(POLL, MAX_BACKOFF, new Random(7)));

    @Test
    void withoutACodeTheFirstStepAsksForOneAndThenPollsEveryInterval() {
        assertThat(machine.next(T0, true)).isEqualTo(new Next(Action.REQUEST_CODE, T0));

        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(15)));

        assertThat(machine.code(T0)).contains(new ClaimMachine.Code("7KQ2-M9XD", T0.plus(Duration.ofMinutes(15))));
        assertThat(machine.next(T0, true)).isEqualTo(new Next(Action.POLL, T0.plus(POLL)));
        Instant polled = T0.plus(POLL);
        machine.notClaimedYet(polled);
        assertThat(machine.next(polled, true)).isEqualTo(new Next(Action.POLL, polled.plus(POLL)));
    }

    @Test
    void aFifteenMinuteCodeIsRenewedWhenTwoThirdsOfItsLifeHavePassed() {
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(15)));
        Instant renewAt = T0.plus(Duration.ofMinutes(10));
        Instant justBefore = renewAt.minus(Duration.ofSeconds(1));
        machine.notClaimedYet(justBefore);

        assertThat(machine.next(justBefore, true)).isEqualTo(new Next(Action.REQUEST_CODE, renewAt));
        assertThat(machine.next(renewAt, true)).isEqualTo(new Next(Action.REQUEST_CODE, renewAt));
    }

    @Test
    void aTwoMinuteCodeIsRenewedAMinuteBeforeItExpires() {
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(2)));
        Instant renewAt = T0.plus(Duration.ofMinutes(1));
        machine.notClaimedYet(renewAt.minusMillis(1));

        assertThat(machine.next(renewAt.minusMillis(1), true)).isEqualTo(new Next(Action.REQUEST_CODE, renewAt));
    }

    @Test
    void anAnswerClaimingMoreThanFifteenMinutesIsNotBelievedAndAnExpiredCodeIsNotShown() {
        machine.next(T0, true);
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofDays(30)));

        assertThat(machine.code(T0.plus(Duration.ofMinutes(14)))).isPresent();
        assertThat(machine.code(T0.plus(Duration.ofMinutes(15)))).isEmpty();
        assertThat(machine.next(T0.plus(Duration.ofMinutes(16)), true).action()).isEqualTo(Action.REQUEST_CODE);
    }

    @Test
    void pairedClearsTheCodeAndAPairedAgentShowsNoCode() {
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(15)));

        machine.paired(T0.plus(POLL));

        assertThat(machine.code(T0.plus(POLL))).isEmpty();
        assertThat(machine.next(T0.plus(POLL), false)).isEqualTo(new Next(Action.NONE, T0.plus(POLL).plus(POLL)));
        assertThat(machine.claiming()).isFalse();
        assertThat(machine.lastCall()).get().extracting(a -> a.result()).isEqualTo("200 paired=true");
    }

    @Test
    void claimNotFoundAsksForANewCodeAtOnce() {
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(15)));
        Instant polled = T0.plus(POLL);

        machine.claimNotFound(polled);

        assertThat(machine.code(polled)).isEmpty();
        assertThat(machine.next(polled, true)).isEqualTo(new Next(Action.REQUEST_CODE, polled));
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCapAndASuccessResetsIt() {
        Instant now = T0;
        for (int failure = 0; failure < 12; failure++) {
            machine.failed(now, "503 backend_unavailable", Optional.empty());
            Next next = machine.next(now, true);
            long ceiling = Math.min(MAX_BACKOFF.toMillis(), POLL.toMillis() << failure);
            assertThat(Duration.between(now, next.at()).toMillis()).as("wait after failure %d", failure + 1)
                    .isBetween(ceiling / 2, ceiling);
            now = next.at();
        }
        machine.codeIssued(now, "7KQ2-M9XD", now.plus(Duration.ofMinutes(15)));
        machine.failed(now, "network error", Optional.empty());
        assertThat(Duration.between(now, machine.next(now, true).at())).isBetween(POLL.dividedBy(2), POLL);
    }

    @Test
    void retryAfterIsHonouredButCappedSoAHostileServerCannotParkTheAgent() {
        machine.failed(T0, "429 rate_limited", Optional.of(Duration.ofSeconds(40)));
        assertThat(machine.next(T0, true)).isEqualTo(new Next(Action.REQUEST_CODE, T0.plusSeconds(40)));

        machine.failed(T0, "503 backend_unavailable", Optional.of(Duration.ofDays(3)));
        assertThat(machine.next(T0, true)).isEqualTo(new Next(Action.REQUEST_CODE, T0.plus(MAX_BACKOFF)));
    }

    @Test
    void leavingClaimModeForgetsTheCodeAndTheBackoff() {
        machine.codeIssued(T0, "7KQ2-M9XD", T0.plus(Duration.ofMinutes(15)));
        machine.failed(T0, "503", Optional.of(Duration.ofMinutes(4)));

        machine.next(T0, false);

        assertThat(machine.code(T0)).isEmpty();
        assertThat(machine.next(T0, true)).isEqualTo(new Next(Action.REQUEST_CODE, T0));
    }

    @Test
    void aPollIntervalThatWouldHammerTheRegistryIsRefused() {
        assertThatThrownBy(() -> new ClaimMachine(Duration.ZERO, new Backoff(POLL, MAX_BACKOFF, new Random(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poll-interval");
    }

    @Test
    void signatureTimestampsStrictlyIncreaseEvenWhenTheClockStandsStillOrGoesBack() {
        assertThat(machine.nextTimestamp(1000)).isEqualTo(1000);
        assertThat(machine.nextTimestamp(1000)).isEqualTo(1001);
        assertThat(machine.nextTimestamp(500)).isEqualTo(1002);
        assertThat(machine.nextTimestamp(5000)).isEqualTo(5000);
    }

    @Test
    void claimModeIsNeededWithoutKeyWithALegacyKeyAndAfterARefusalButNotWhenPairedByCode(@TempDir Path stateDir) {
        CredentialsStore store = new CredentialsStore(stateDir);
        assertThat(store.claimNeeded()).as("no credentials").isTrue();

        store.save(new Credentials(ApiKeys.generate(), "Pi", T0, PairingMethod.LEGACY));
        assertThat(store.claimNeeded()).as("key from the LAN flow").isTrue();
        assertThat(store.usableKey()).as("a legacy key still uploads").isPresent();

        String byCode = ApiKeys.generate();
        store.save(new Credentials(byCode, "Pi", T0, PairingMethod.CODE));
        assertThat(store.claimNeeded()).as("paired by code").isFalse();
        assertThat(store.pairedByCode()).isTrue();

        store.markRejected(byCode);
        assertThat(store.claimNeeded()).as("the cloud refused the key").isTrue();
    }
}
