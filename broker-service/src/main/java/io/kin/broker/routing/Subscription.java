package io.kin.broker.routing;

/**
 * One client's subscription to one topic filter, with the MQTT 5 subscription options (section 3.8.3.1).
 * Its key in the {@link TopicTree} is (client id, filter, share group).
 *
 * @param filter            the filter topics are matched against, without any {@code $share/} prefix
 * @param shareGroup        the shared subscription group, {@code null} when not shared
 * @param qos               the maximum QoS granted
 * @param noLocal           do not send the client its own messages (never set on shared subscriptions)
 * @param retainAsPublished keep the publisher's retain flag instead of clearing it
 * @param retainHandling    0 send retained messages on subscribe, 1 only if the subscription is new, 2 never
 * @param subscriptionId    the Subscription Identifier to send with matching messages; 0 = none
 */
public record Subscription(String clientId, String filter, String shareGroup, int qos, boolean noLocal,
                           boolean retainAsPublished, int retainHandling, int subscriptionId) {

    public Subscription {
        if (clientId == null || filter == null) {
            throw new IllegalArgumentException("a subscription needs a client id and a filter");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
        }
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retain handling must be 0, 1 or 2, was " + retainHandling);
        }
    }

    /** A plain subscription with default options, the MQTT 3.1.1 kind. */
    public static Subscription of(String clientId, String filter, int qos) {
        return new Subscription(clientId, filter, null, qos, false, false, 0, 0);
    }

    /** A member of a shared subscription group with default options. */
    public static Subscription shared(String clientId, String group, String filter, int qos) {
        return new Subscription(clientId, filter, group, qos, false, false, 0, 0);
    }

    public boolean isShared() {
        return shareGroup != null;
    }
}
