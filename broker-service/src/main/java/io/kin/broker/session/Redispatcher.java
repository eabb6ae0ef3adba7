package io.kin.broker.session;

import java.util.List;

/** Gives messages that a shared-subscription member left unacknowledged to another member of its group. */
public interface Redispatcher {

    void redispatch(String leavingClientId, List<Delivery> deliveries);
}
