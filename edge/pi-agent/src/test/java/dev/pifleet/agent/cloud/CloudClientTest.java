package dev.pifleet.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudClientTest {

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() {
        assertThat(CloudClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(CloudClient.retryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(CloudClient.retryAfter("soon")).isEmpty();
    }
}
