package io.kin.broker.mqtt.connect;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** A single node: nobody else could publish its wills. */
@ApplicationScoped
@DefaultBean
public class NoWillBackup implements WillBackup {

    @Override
    public void armed(String clientId, Will will, long sessionExpirySeconds) {
    }

    @Override
    public void disarmed(String clientId) {
    }
}
