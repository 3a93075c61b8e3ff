package dev.pifleet.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's bookkeeping, with decisions recorded instead of lookups run (MqttCredentialThrottleTest: live). */
class CredentialThrottleTest {

    private static final String ADDRESS = "192.0.2.7";
    private final AtomicLong now = new AtomicLong();
    private final CredentialThrottle throttle = new CredentialThrottle(3, Duration.ofMinutes(5), now::get);

    /** One CONNECT's fate: null while it waits. */
    private static final class Connect implements CredentialThrottle.Decision {
        String decided;

        @Override
        public void lookUp() {
            decided = "lookup";
        }

        @Override
        public void refuse() {
            decided = "refused";
        }
    }

    private List<Connect> connectAtOnce(int count) {
        List<Connect> connects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connect connect = new Connect();
            throttle.request(ADDRESS, connect);
            connects.add(connect);
        }
        return connects;
    }

    @Test
    void rightKeysBeyondTheBudgetWaitAndAreAllLookedUp() {
        List<Connect> connects = connectAtOnce(8);
        assertThat(connects.stream().filter(c -> "lookup".equals(c.decided))).hasSize(3);
        assertThat(connects.stream().filter(c -> c.decided == null)).hasSize(5);

        // Each right key that ends lets one waiting CONNECT go on; none is ever refused.
        for (int ended = 0; ended < 8; ended++) {
            throttle.ended(ADDRESS, false);
        }
        assertThat(connects).allMatch(c -> "lookup".equals(c.decided));
        assertThat(connectAtOnce(3)).allMatch(c -> "lookup".equals(c.decided));
    }

    @Test
    void wrongKeysSentAtOnceGetTheBudgetOfLookupsAndTheRestAreRefused() {
        List<Connect> connects = connectAtOnce(8);
        for (int ended = 0; ended < 3; ended++) {
            throttle.ended(ADDRESS, true);
        }
        assertThat(connects.stream().filter(c -> "lookup".equals(c.decided))).hasSize(3);
        assertThat(connects.stream().filter(c -> "refused".equals(c.decided))).hasSize(5);
        assertThat(connectAtOnce(1)).allMatch(c -> "refused".equals(c.decided));
        Connect elsewhere = new Connect();
        throttle.request("198.51.100.1", elsewhere);
        assertThat(elsewhere.decided).isEqualTo("lookup");
    }

    @Test
    void aWrongKeyAmongRightOnesTakesOneSlotAndTheWindowEndsIt() {
        List<Connect> first = connectAtOnce(3);
        throttle.ended(ADDRESS, true);
        throttle.ended(ADDRESS, false);
        throttle.ended(ADDRESS, false);
        assertThat(first).allMatch(c -> "lookup".equals(c.decided));
        // Two slots left: 2 run at once, the third waits.
        List<Connect> second = connectAtOnce(3);
        assertThat(second.stream().filter(c -> c.decided == null)).hasSize(1);
        throttle.ended(ADDRESS, true);
        throttle.ended(ADDRESS, true);
        assertThat(second.get(2).decided).as("the failures fill the window").isEqualTo("refused");

        now.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
        assertThat(connectAtOnce(3)).allMatch(c -> "lookup".equals(c.decided));
    }
}
