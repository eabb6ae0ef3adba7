package io.kin.broker.cluster;

import io.kin.broker.message.Message;
import io.kin.broker.routing.Router;
import io.quarkus.arc.Arc;
import io.vertx.core.Future;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the receiving node (a Hazelcast executor thread): routes forwarded messages to its local subscribers and
 * answers once what must be durable is stored, so the publisher's node acknowledges only then.
 */
final class ForwardedBatch implements Callable<Boolean>, Serializable {

    private static final long serialVersionUID = 1L;

    private final List<Message> messages;
    private final List<List<String[]>> sharedGroups;

    ForwardedBatch(List<Message> messages, List<List<String[]>> sharedGroups) {
        this.messages = messages;
        this.sharedGroups = sharedGroups;
    }

    @Override
    public Boolean call() throws Exception {
        Router router = Arc.container().instance(Router.class).get();
        List<Future<Void>> durable = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            durable.add(router.routeForwarded(messages.get(i), sharedGroups.get(i)).durable());
        }
        // an executor thread, not an event loop: waiting here keeps the answer honest
        Future.all(durable).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Boolean.TRUE;
    }
}
