package io.kin.broker.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthFailureTest {

    @Test
    void failuresCarryTheSpecsConnackCodes() {
        assertThat(AuthFailure.BAD_USERNAME_OR_PASSWORD.v5ReasonCode()).isEqualTo(0x86);
        assertThat(AuthFailure.BAD_USERNAME_OR_PASSWORD.v3ReturnCode()).isEqualTo(4);
        assertThat(AuthFailure.NOT_AUTHORIZED.v5ReasonCode()).isEqualTo(0x87);
        assertThat(AuthFailure.NOT_AUTHORIZED.v3ReturnCode()).isEqualTo(5);
        assertThat(AuthFailure.BAD_AUTHENTICATION_METHOD.v5ReasonCode()).isEqualTo(0x8C);
        assertThat(AuthFailure.BAD_AUTHENTICATION_METHOD.v3ReturnCode()).isEqualTo(5);
    }

    @Test
    void resultsSayWhoGotInOrWhyNot() {
        assertThat(AuthResult.ok("alice")).isEqualTo(new AuthResult(true, "alice", null, null));
        assertThat(AuthResult.failed(AuthFailure.NOT_AUTHORIZED, "no"))
                .isEqualTo(new AuthResult(false, null, AuthFailure.NOT_AUTHORIZED, "no"));
    }
}
