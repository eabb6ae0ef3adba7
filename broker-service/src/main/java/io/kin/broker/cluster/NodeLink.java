package io.kin.broker.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import io.kin.broker.message.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Messages on their way to one other node. They go in batches: while one batch is being delivered the next one
 * gathers, so a busy link costs one call per batch, not per message. A message's future completes when the other
 * node has routed it and stored what must be durable there.
 */
final class NodeLink {

    private static final int MAX_BATCH = 512;

    private record Item(Message message, List<String[]> sharedGroups, Promise<Void> done) {
    }

    private final String node;
    private final ClusterMembership membership;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    /** The promise of the message sent last: batches go one after the other, so it completes after all before it. */
    private volatile Promise<Void> last;

    NodeLink(String node, ClusterMembership membership) {
        this.node = node;
        this.membership = membership;
    }

    Future<Void> send(Message message, List<String[]> sharedGroups) {
        Promise<Void> done = Promise.promise();
        last = done;
        queue.add(new Item(message, sharedGroups, done));
        if (sending.compareAndSet(false, true)) {
            flush();
        }
        return done.future();
    }

    private void flush() {
        List<Item> batch = new ArrayList<>();
        Item item;
        while (batch.size() < MAX_BATCH && (item = queue.poll()) != null) {
            batch.add(item);
        }
        if (batch.isEmpty()) {
            sending.set(false);
            if (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                flush();
            }
            return;
        }
        Member member = membership.member(node);
        if (member == null) {
            fail(batch, new IllegalStateException("node " + node + " is not in the cluster"));
            flush();
            return;
        }
        List<Message> messages = new ArrayList<>(batch.size());
        List<List<String[]>> shared = new ArrayList<>(batch.size());
        for (Item i : batch) {
            messages.add(i.message());
            shared.add(i.sharedGroups());
        }
        IExecutorService executor = membership.hazelcast().getExecutorService("kin-forward");
        executor.submitToMember(new ForwardedBatch(messages, shared), member, new ExecutionCallback<Boolean>() {
            @Override
            public void onResponse(Boolean stored) {
                batch.forEach(i -> i.done().tryComplete());
                flush();
            }

            @Override
            public void onFailure(Throwable t) {
                fail(batch, t);
                flush();
            }
        });
    }

    /** Completes once every message sent on this link so far has been handled by the other node (or failed). */
    Future<Void> drained() {
        Promise<Void> p = last;
        return p == null ? Future.succeededFuture() : p.future().transform(ar -> Future.succeededFuture());
    }

    private static void fail(List<Item> batch, Throwable t) {
        batch.forEach(i -> i.done().tryFail(t));
    }

    /** The node left: whatever still waits for it fails (publishers are refused and send again). */
    void nodeGone() {
        List<Item> left = new ArrayList<>();
        Item item;
        while ((item = queue.poll()) != null) {
            left.add(item);
        }
        fail(left, new IllegalStateException("node " + node + " left the cluster"));
    }
}
