package io.kin.broker.retain;

import io.kin.broker.message.Message;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Retained messages held only in memory: the default until a persistent store replaces it. */
@ApplicationScoped
@DefaultBean
public class InMemoryRetainedMessages implements RetainedMessages {

    private final RetainedIndex index = new RetainedIndex();

    @Override
    public void put(Message message) {
        index.put(message);
    }

    @Override
    public List<Message> match(String filter) {
        long now = System.currentTimeMillis();
        List<Message> found = index.match(filter);
        List<Message> live = new ArrayList<>(found.size());
        for (Message m : found) {
            if (m.isExpired(now)) {
                index.remove(m.topic());
            } else {
                live.add(m);
            }
        }
        return live;
    }

    @Override
    public Message get(String topic) {
        return index.get(topic);
    }

    @Override
    public boolean remove(String topic) {
        return index.remove(topic);
    }

    @Override
    public int count() {
        return index.size();
    }
}
