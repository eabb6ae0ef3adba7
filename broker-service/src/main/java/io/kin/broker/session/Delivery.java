package io.kin.broker.session;

import io.kin.broker.message.Message;

/**
 * One message on its way to one session, with what this hop adds to it.
 *
 * @param qos             granted QoS for this subscriber: min(publish QoS, subscription QoS)
 * @param retain          the retain flag to send (retain-as-published, or a retained message sent on subscribe)
 * @param subscriptionIds identifiers of the subscriptions that matched (MQTT 5), empty when none
 * @param shareGroup      the shared-subscription group it was dispatched through, {@code null} for a direct one
 * @param shareFilter     that group's filter
 */
public record Delivery(Message message, int qos, boolean retain, int[] subscriptionIds, String shareGroup,
                       String shareFilter) {

    private static final int[] NO_IDS = new int[0];

    public Delivery {
        if (subscriptionIds == null) {
            subscriptionIds = NO_IDS;
        }
    }

    public static Delivery direct(Message message, int qos, boolean retain, int[] subscriptionIds) {
        return new Delivery(message, qos, retain, subscriptionIds, null, null);
    }

    public boolean isShared() {
        return shareGroup != null;
    }
}
