package io.kin.broker.auth;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnhancedAuthMechanismsTest {

    private static EnhancedAuthMechanism named(String method) {
        return new EnhancedAuthMechanism() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public EnhancedAuthExchange start(String clientId) {
                return data -> Future.succeededFuture(new AuthStep.Failure(AuthFailure.NOT_AUTHORIZED, "test"));
            }
        };
    }

    @Test
    void aMechanismIsFoundByItsExactMethodName() {
        EnhancedAuthMechanism scram = named("SCRAM-SHA-256");
        EnhancedAuthMechanisms mechanisms = new EnhancedAuthMechanisms(List.of(scram, named("KERBEROS")));

        assertThat(mechanisms.find("SCRAM-SHA-256")).containsSame(scram);
        assertThat(mechanisms.find("scram-sha-256")).isEmpty();
        assertThat(mechanisms.find("SCRAM-SHA-1")).isEmpty();
        assertThat(mechanisms.find(null)).isEmpty();
        assertThat(mechanisms.methods()).containsExactly("SCRAM-SHA-256", "KERBEROS");
    }

    @Test
    void twoMechanismsCannotClaimTheSameMethod() {
        assertThatThrownBy(() -> new EnhancedAuthMechanisms(List.of(named("X"), named("X"))))
                .isInstanceOf(IllegalStateException.class);
    }
}
