package io.kin.credentials;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void theRightPasswordVerifiesAgainstItsHash() {
        String hash = hasher.hash("correct horse".toCharArray());

        assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
    }

    @Test
    void aWrongPasswordDoesNotVerify() {
        String hash = hasher.hash("correct horse".toCharArray());

        assertThat(hasher.verify("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify(new char[0], hash)).isFalse();
    }

    @Test
    void theHashNamesSchemeIterationsSaltAndHash() {
        String hash = hasher.hash("pw".toCharArray());

        assertThat(hash).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
    }

    @Test
    void hashesMadeWithOtherIterationsStillVerify() {
        String oldHash = new PasswordHasher(500).hash("pw".toCharArray());

        assertThat(hasher.verify("pw".toCharArray(), oldHash)).isTrue();
    }

    @Test
    void emptyAndNonAsciiPasswordsRoundTrip() {
        assertThat(hasher.verify(new char[0], hasher.hash(new char[0]))).isTrue();
        assertThat(hasher.verify("pässwörd✓".toCharArray(), hasher.hash("pässwörd✓".toCharArray()))).isTrue();
    }

    @Test
    void somethingThatIsNotOurHashNeverVerifies() {
        char[] pw = "pw".toCharArray();
        assertThat(hasher.verify(pw, null)).isFalse();
        assertThat(hasher.verify(pw, "")).isFalse();
        assertThat(hasher.verify(pw, "pw")).isFalse();
        assertThat(hasher.verify(pw, "bcrypt$1000$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify(pw, "pbkdf2-sha256$many$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify(pw, "pbkdf2-sha256$1000$not base64!$AAAA")).isFalse();
        assertThat(hasher.verify(pw, "pbkdf2-sha256$0$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify(null, hasher.hash(pw))).isFalse();
    }

    @Test
    void theDefaultIsOneHundredThousandIterations() {
        assertThat(new PasswordHasher().iterations()).isEqualTo(100_000);
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isEqualTo(100_000);
    }

    @Test
    void nonsensicalIterationCountsAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
