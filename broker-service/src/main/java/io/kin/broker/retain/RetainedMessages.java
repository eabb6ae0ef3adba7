package io.kin.broker.retain;

import io.kin.broker.message.Message;

import io.vertx.core.Future;

import java.util.List;

/** The retained message of each topic. The store behind it is the truth; lookups on subscribe come from memory. */
public interface RetainedMessages {

    /**
     * Stores or replaces the topic's retained message; an empty payload deletes it [MQTT-3.3.1-6]. The future
     * completes when the change is durable; lookups see it at once.
     */
    Future<Void> put(Message message);

    /** Retained messages whose topics match the filter (without $share prefix), expired ones left out. */
    List<Message> match(String filter);

    Message get(String topic);

    Future<Boolean> remove(String topic);

    int count();
}
