package io.kin.broker.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every enhanced authentication mechanism the broker offers, by Authentication Method name (exact match). */
@ApplicationScoped
public class EnhancedAuthMechanisms {

    private final Map<String, EnhancedAuthMechanism> byMethod = new LinkedHashMap<>();

    @Inject
    public EnhancedAuthMechanisms(@Any Instance<EnhancedAuthMechanism> mechanisms) {
        this((Iterable<EnhancedAuthMechanism>) mechanisms);
    }

    public EnhancedAuthMechanisms(Iterable<EnhancedAuthMechanism> mechanisms) {
        for (EnhancedAuthMechanism mechanism : mechanisms) {
            EnhancedAuthMechanism previous = byMethod.putIfAbsent(mechanism.method(), mechanism);
            if (previous != null) {
                throw new IllegalStateException("two mechanisms claim authentication method " + mechanism.method());
            }
        }
    }

    public Optional<EnhancedAuthMechanism> find(String method) {
        return method == null ? Optional.empty() : Optional.ofNullable(byMethod.get(method));
    }

    public List<String> methods() {
        return List.copyOf(byMethod.keySet());
    }
}
