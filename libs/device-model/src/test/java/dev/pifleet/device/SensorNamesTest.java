package dev.pifleet.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensorNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"temperature", "door_open", "a.b", "a-b", "_x", "x__", "x_", "Constructor", "proto", "_type",
            "bsontype", "9", "-", "_"})
    void namesParseStoresAreAllowed(String name) {
        assertThat(SensorNames.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"constructor", "my_constructor_2", "__proto__", "a__proto__b", "__type", "__op", "__x", "__",
            "_bsontype", "x_bsontype", "a$b", "$a", "bad name", "a/b", "a\u0000b", "t\uFF0Eb", "",
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"})
    void namesParseRefusesOrThatBreakThePatternAreRefused(String name) {
        assertThat(SensorNames.problem(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"constructor", "__proto__", "_bsontype"})
    void refusalNamesTheReservedWord(String name) {
        assertThat(SensorNames.problem(name)).hasValueSatisfying(message -> assertThat(message).contains(name));
    }
}
