package io.kin.broker.auth;

/** Why a client was not let in, with the CONNACK codes of both protocol versions. */
public enum AuthFailure {

    BAD_USERNAME_OR_PASSWORD(0x86, 4),
    NOT_AUTHORIZED(0x87, 5),
    /** Enhanced authentication is MQTT 5 only; a v3 client would be told it is not authorized. */
    BAD_AUTHENTICATION_METHOD(0x8C, 5);

    private final int v5ReasonCode;
    private final int v3ReturnCode;

    AuthFailure(int v5ReasonCode, int v3ReturnCode) {
        this.v5ReasonCode = v5ReasonCode;
        this.v3ReturnCode = v3ReturnCode;
    }

    /** CONNACK / AUTH / DISCONNECT reason code (MQTT 5, section 3.2.2.2). */
    public int v5ReasonCode() {
        return v5ReasonCode;
    }

    /** CONNACK return code (MQTT 3.1.1, section 3.2.2.3). */
    public int v3ReturnCode() {
        return v3ReturnCode;
    }
}
