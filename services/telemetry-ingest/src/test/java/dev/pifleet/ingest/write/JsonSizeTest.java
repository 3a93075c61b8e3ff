package dev.pifleet.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonSizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stringsCountTheirCharactersAndOtherScalarsAFixedSize() throws Exception {
        assertThat(JsonSize.of(JSON.readTree("\"abcd\""))).isEqualTo(6);
        assertThat(JsonSize.of(JSON.readTree("12.5"))).isEqualTo(JsonSize.SCALAR);
        assertThat(JsonSize.of(JSON.readTree("true"))).isEqualTo(JsonSize.SCALAR);
        assertThat(JsonSize.of(null)).isZero();
    }

    @Test
    void objectsAndArraysAddTheirKeysAndItems() throws Exception {
        assertThat(JsonSize.of(JSON.readTree("{\"ab\": \"cd\"}"))).isEqualTo(2 + 2 + 4 + 4);
        assertThat(JsonSize.of(JSON.readTree("[1, 2]"))).isEqualTo(2 + 2 * (1 + JsonSize.SCALAR));
    }

    @Test
    void aLongerLabelMakesALargerEstimate() {
        ObjectNode small = JSON.createObjectNode().put("label", "x");
        ObjectNode large = JSON.createObjectNode().put("label", "x".repeat(128));

        assertThat(JsonSize.of(large) - JsonSize.of(small)).isEqualTo(127);
    }
}
