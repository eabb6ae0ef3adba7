package io.kin.broker.auth;

/** What the server answers to one step of enhanced authentication (MQTT 5 AUTH, section 4.12). */
public sealed interface AuthStep {

    /** Send AUTH with reason Continue authentication (0x18) and this authentication data. */
    record Continue(byte[] serverData) implements AuthStep {
    }

    /** Send CONNACK success (or AUTH success on re-authentication) with this authentication data. */
    record Success(byte[] serverData, String username) implements AuthStep {
    }

    /** Refuse with {@code failure}'s reason code and close. */
    record Failure(AuthFailure failure, String reason) implements AuthStep {
    }
}
