package io.kin.broker.mqtt;

import io.kin.broker.auth.Authorizer;
import io.kin.broker.auth.ClientIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test {@link Authorizer}, selected by {@link PluggedHooks}, that allows everything except topics and filters under
 * {@value #PREFIX}: for those it throws, like a plug-in with a bug or a lookup that breaks. The broker then fails
 * while handling the client's packet, an internal error (MQTT 5 reason code 0x80). A topic under {@value #ONCE_PREFIX}
 * fails only the first time it is published to. Topics and filters under {@value #DENY_PREFIX} are refused: the
 * plug-in answers false, as an authorizer that says no.
 */
@Alternative
@ApplicationScoped
public class ExplodingAuthorizer implements Authorizer {

    static final String PREFIX = "explode/";
    /** Topics under this prefix fail the first time they are published to, and are allowed after that. */
    static final String ONCE_PREFIX = "explode-once/";

    /** Topics and filters under this prefix are not allowed. */
    static final String DENY_PREFIX = "deny/";

    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Override
    public boolean canPublish(ClientIdentity client, String topic) {
        if (topic.startsWith(PREFIX) || (topic.startsWith(ONCE_PREFIX) && failedOnce.add(topic))) {
            throw new IllegalStateException("authorizer failure for topic " + topic);
        }
        return !topic.startsWith(DENY_PREFIX);
    }

    @Override
    public boolean canSubscribe(ClientIdentity client, String filter) {
        if (filter.startsWith(PREFIX)) {
            throw new IllegalStateException("authorizer failure for filter " + filter);
        }
        return !filter.startsWith(DENY_PREFIX);
    }
}
