package io.kin.nodecalls;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * One request to a broker node's internal endpoints ({@code /internal/v1/...}), carried through the cluster: the
 * admin API, a Hazelcast client, submits it to the member it means; the member runs it with the
 * {@link NodeCallHandler} it registered in its user context and answers status and body.
 *
 * @param method        GET, POST, PUT or DELETE
 * @param pathAndQuery  e.g. {@code /internal/v1/clients?clientId=abc}
 * @param body          JSON, or null
 */
public final class NodeCall implements Callable<NodeCall.Answer>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;
    /** The executor the admin API submits to; members run it with Hazelcast's default executor settings. */
    public static final String EXECUTOR = "kin-node-calls";

    private final String method;
    private final String pathAndQuery;
    private final byte[] body;
    private transient HazelcastInstance member;

    public NodeCall(String method, String pathAndQuery, byte[] body) {
        this.method = method;
        this.pathAndQuery = pathAndQuery;
        this.body = body;
    }

    /** What the node answered: an HTTP status and body. */
    public record Answer(int status, byte[] body) implements Serializable {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public Answer call() throws Exception {
        Object handler = member.getUserContext().get(NodeCallHandler.KEY);
        if (!(handler instanceof NodeCallHandler h)) {
            return new Answer(503, "{\"detail\":\"this node does not take admin calls yet\"}".getBytes());
        }
        return h.handle(method, pathAndQuery, body);
    }
}
