package io.kin.broker.mqtt;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Set;

/**
 * A broker whose ports are served by test implementations instead of the built-in ones: {@link ScriptedAuthenticator}
 * replaces {@code PasswordAuthenticator} and {@link ExplodingAuthorizer} replaces {@code AclAuthorizer}. Both are CDI
 * alternatives that only this profile selects, the way an application plugs in its own {@code Authenticator} or
 * {@code Authorizer} bean (the built-in ones are default beans).
 */
public class PluggedHooks implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ScriptedAuthenticator.class, ExplodingAuthorizer.class);
    }
}
