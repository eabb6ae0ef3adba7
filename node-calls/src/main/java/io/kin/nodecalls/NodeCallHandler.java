package io.kin.nodecalls;

/** How a broker node answers {@link NodeCall}s: registered in its Hazelcast user context under {@link #KEY}. */
public interface NodeCallHandler {

    String KEY = "kin.node-calls";

    /** Runs on a Hazelcast executor thread (never an event loop), so it may wait for the answer. */
    NodeCall.Answer handle(String method, String pathAndQuery, byte[] body) throws Exception;
}
