package io.kin.broker.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFilterOverlapTest {

    @ParameterizedTest(name = "{0} and {1} overlap: {2}")
    @CsvSource({
            "secret/#,    #,              true",
            "secret/#,    +/passwords,    true",
            "secret/#,    secret,         true",   // a/# matches a
            "secret/#,    public/#,       false",
            "a/+/c,       a/b/+,          true",
            "a/+/c,       a/b/d,          false",
            "a/b,         a/b/c,          false",
            "a/b,         a/+,            true",
            "+,           a/b,            false",
            "a/b/c,       #,              true",
            "a/b/c,       a/b/c,          true",
            "a//c,        a/+/c,          true",
            "$SYS/#,      #,              false",  // [MQTT-4.7.2-1]
            "$SYS/x,      +/x,            false",
            "#,           $SYS/x,         false",
            "$SYS/#,      $SYS/+,         true",
    })
    void filtersOverlapWhenSomeTopicMatchesBoth(String a, String b, boolean expected) {
        assertThat(TopicFilterOverlap.overlaps(a, b)).isEqualTo(expected);
        assertThat(TopicFilterOverlap.overlaps(b, a)).as("symmetric").isEqualTo(expected);
    }
}
