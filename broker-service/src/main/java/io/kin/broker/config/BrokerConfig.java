package io.kin.broker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * Every setting of a broker node. Each key is also an environment variable: {@code kin.mqtt.port} is
 * {@code KIN_MQTT_PORT}, {@code kin.mqtt.ws-port} is {@code KIN_MQTT_WS_PORT}.
 */
@ConfigMapping(prefix = "kin")
public interface BrokerConfig {

    Node node();

    Mqtt mqtt();

    Http http();

    Db db();

    Cluster cluster();

    Sys sys();

    Bridge bridge();

    Store store();

    Internal internal();

    interface Node {
        /** Unique name of this node in the cluster; shown in $SYS and the admin API. */
        @WithDefault("node-1")
        String id();

        /**
         * Where the admin API reaches this node's internal HTTP endpoints ({@code /internal/v1}), recorded in
         * {@code kin_node}; unset = {@code http://{kin.cluster.host, else 127.0.0.1}:{HTTP port}}.
         */
        Optional<String> internalUrl();

        /** How often the node refreshes {@code kin_node.last_seen}; the admin API treats older nodes as down. */
        @WithDefault("5")
        int heartbeatSeconds();
    }

    /** The internal HTTP endpoints the admin API calls on every node. */
    interface Internal {
        /**
         * Shared secret the admin API sends in {@code X-Kin-Internal-Token}; unset = no check (keep the HTTP port
         * off the public network then).
         */
        Optional<String> token();
    }

    interface Mqtt {
        /** Interface the MQTT listeners bind to. */
        @WithDefault("0.0.0.0")
        String host();

        /** MQTT over TCP; 0 picks a free port (tests). */
        @WithDefault("1883")
        int port();

        /** MQTT over WebSocket (path /mqtt, fixed by Vert.x MQTT); 0 picks a free port, -1 turns it off. */
        @WithDefault("8083")
        int wsPort();

        /**
         * Connections a listener accepts before refusing new ones: a CONNECT beyond the limit gets CONNACK 0x97 Quota
         * exceeded (MQTT 3: return code 3, server unavailable).
         */
        @WithDefault("100000")
        int maxConnections();

        /**
         * CONNECT packets a listener accepts per second (a burst of up to one second's worth); beyond it a CONNECT
         * gets CONNACK 0x89 Server busy (MQTT 3: return code 3, server unavailable). 0 = no limit.
         */
        @WithDefault("0")
        int maxConnectRate();

        /** Largest MQTT packet a client may send, in bytes. */
        @WithDefault("1048576")
        int maxPacketSize();

        /**
         * A listener's own limits where they differ from {@code max-connections} / {@code max-packet-size}, by
         * listener: {@code kin.mqtt.listener.{tcp|ws|tls|wss}.max-connections} and {@code .max-packet-size}.
         */
        java.util.Map<String, ListenerLimits> listener();

        /** The limits of one listener; an empty value keeps the common one. */
        interface ListenerLimits {
            Optional<Integer> maxConnections();

            Optional<Integer> maxPacketSize();
        }

        /** Connections the listener accepts: its own limit, else {@link #maxConnections()}. */
        default int maxConnections(String listener) {
            ListenerLimits own = listener().get(listener);
            return own == null ? maxConnections() : own.maxConnections().orElse(maxConnections());
        }

        /** Largest packet the listener's clients may send: its own limit, else {@link #maxPacketSize()}. */
        default int maxPacketSize(String listener) {
            ListenerLimits own = listener().get(listener);
            return own == null ? maxPacketSize() : own.maxPacketSize().orElse(maxPacketSize());
        }

        /** Longest client identifier accepted. */
        @WithDefault("256")
        int maxClientIdLength();

        /**
         * MQTT 3.1 (protocol name MQIsdp) allows client identifiers of 1 to 23 characters: a longer one is refused
         * with CONNACK return code 2 (identifier rejected). False accepts up to {@link #maxClientIdLength()}, as for
         * 3.1.1 and 5.0, for old clients that send longer identifiers anyway.
         */
        @WithDefault("true")
        boolean mqtt31StrictClientId();

        /**
         * Client identifiers refused with CONNACK 0x8A Banned (MQTT 3: return code 5, not authorized). Globs:
         * {@code *} matches any run of characters, {@code ?} one character; comma separated.
         */
        Optional<List<String>> bannedClientIds();

        /** User names refused with CONNACK 0x8A Banned (MQTT 3: return code 5), once authenticated; globs as above. */
        Optional<List<String>> bannedUsernames();

        /** Allow clients that send no username. */
        @WithDefault("true")
        boolean allowAnonymous();

        /** Seconds a new socket has to send CONNECT. */
        @WithDefault("30")
        int connectTimeout();

        /** Outgoing QoS 1/2 messages in flight per client at most (also capped by the client's Receive Maximum). */
        @WithDefault("128")
        int maxInflight();

        /** Messages queued per session beyond the in-flight window (offline or slow clients). */
        @WithDefault("100000")
        int maxQueuedMessages();

        /**
         * Back-pressure: when a connected client's queue reaches this length, acknowledgements to the QoS 1/2
         * publishers sending to it wait until it has drained to half, so they slow down instead of losing messages
         * to the queue bound. 0 turns it off.
         */
        @WithDefault("1000")
        int backpressureQueue();

        /**
         * Bytes written to a client's socket but not yet taken by it, beyond which the connection is overfull: QoS 0
         * messages to it are dropped (counted as slow_consumer). From half of it on the socket counts as not writable:
         * QoS 0 messages still go out, but the clients publishing them stop being read until it has drained to a
         * quarter (see {@link #slowSubscriberPauseMillis()}); QoS 1/2 wait in its session queue. Large enough to absorb
         * a burst (a batch forwarded from another node arrives at once), small enough that a stuck client cannot hold
         * much memory.
         */
        @WithDefault("1048576")
        int writeBufferBytes();

        /**
         * QoS 0 back-pressure: the longest time a publisher stops being read because a subscriber it sends to is not
         * writable. A subscriber not writable for longer counts as overfull (its QoS 0 messages are dropped), so a
         * client that stopped reading holds nobody back. 0 turns it off: QoS 0 is dropped once the buffer is full.
         */
        @WithDefault("1000")
        long slowSubscriberPauseMillis();

        /** What to drop when a session's queue is full: drop-oldest or drop-newest. */
        @WithDefault("drop-oldest")
        String queueOverflow();

        /** Incoming QoS 1/2 publishes a client may have unacknowledged (Receive Maximum in CONNACK). */
        @WithDefault("1024")
        int receiveMaximum();

        /** Topic aliases a client may use towards the broker. */
        @WithDefault("64")
        int topicAliasMaximum();

        /** Highest QoS the broker accepts and grants. */
        @WithDefault("2")
        int maxQos();

        @WithDefault("true")
        boolean retainAvailable();

        /** Upper bound for a client's keep alive in seconds; 0 = accept any (Server Keep Alive when capped). */
        @WithDefault("0")
        int maxKeepAlive();

        /** Upper bound for a session expiry interval in seconds; also the expiry of MQTT 3 persistent sessions. */
        @WithDefault("604800")
        long maxSessionExpiry();

        /** How a shared subscription group picks a member: round-robin, random, sticky, hash. */
        @WithDefault("round-robin")
        String sharedDispatch();

        /** Retained messages kept at most; a publish that would add one more is refused (0x97 quota exceeded). */
        @WithDefault("1000000")
        int maxRetainedMessages();

        /** Largest payload accepted in bytes; larger publishes are refused (0x97 quota exceeded). */
        @WithDefault("1048576")
        int maxPayloadSize();

        /** Longest delay accepted in $delayed/{seconds}/{topic}. */
        @WithDefault("2592000")
        long maxDelaySeconds();

        /** Default for topics no ACL rule mentions. */
        @WithDefault("true")
        boolean aclDefaultAllow();

        Tls tls();

        Redirect redirect();
    }

    /** MQTT 5 server redirection: refuse new connections with a Server Reference (0x9C, or 0x9D when permanent). */
    interface Redirect {
        /** Where clients should go instead, e.g. "broker-2:1883"; unset = no redirection. */
        Optional<String> serverReference();

        @WithDefault("false")
        boolean permanent();
    }

    /** How the broker uses PostgreSQL. */
    interface Store {
        /** Writes per group-commit transaction at most. */
        @WithDefault("2000")
        int maxBatch();

        /** How long user lookups are cached; any change invalidates them at once. */
        @WithDefault("30")
        long authCacheSeconds();

        /** How often a node checks for user, ACL and auto-subscription changes. */
        @WithDefault("500")
        long configPollMillis();

        /** Seconds between two purges of acknowledged and expired rows. */
        @WithDefault("30")
        long purgeSeconds();

        /** Rows a purge removes per table at most. */
        @WithDefault("10000")
        int purgeBatch();

        /** Message rows younger than this are left alone (their queue rows may still be on the way). */
        @WithDefault("10")
        long purgeGraceSeconds();
    }

    /** The $SYS topic tree. */
    interface Sys {
        @WithDefault("false")
        boolean enabled();

        /** Seconds between two $SYS publications. */
        @WithDefault("10")
        int interval();
    }

    interface Tls {
        /** PEM certificate chain; when set (with the key) the TLS listeners start. */
        Optional<String> certPath();

        Optional<String> keyPath();

        @WithDefault("8883")
        int port();

        @WithDefault("8084")
        int wsPort();
    }

    interface Http {
        /** Health, metrics and the node's HTTP endpoints. */
        @WithDefault("8080")
        int port();
    }

    /** Hazelcast membership; with clustering off a single node runs the same code paths. */
    interface Cluster {
        @WithDefault("false")
        boolean enabled();

        /** Nodes join only a cluster of the same name. */
        @WithDefault("kin")
        String name();

        /** TCP/IP discovery: host or host:port of the other members, comma separated. */
        Optional<List<String>> members();

        /** Hazelcast member port. */
        @WithDefault("5701")
        int port();

        /** Address this member binds and announces (e.g. 127.0.0.1 for nodes on one machine); unset = pick one. */
        Optional<String> host();

        /** How members find each other: tcp (the members list), multicast, or kubernetes (Hazelcast's discovery). */
        @WithDefault("tcp")
        String discovery();

        /** Kubernetes discovery: the service whose endpoints are the broker pods. */
        Optional<String> kubernetesService();

        /** Kubernetes discovery: the namespace (default: the pod's own). */
        Optional<String> kubernetesNamespace();

        /**
         * Split-brain protection: the least number of members a side of a split needs to take sessions over;
         * 0 = off. Set it to a majority (2 of 3) so a minority side refuses takeovers instead of making two owners.
         */
        @WithDefault("0")
        int quorum();
    }

    interface Db {
        /** PostgreSQL, as postgresql://host:port/database. */
        @WithDefault("postgresql://127.0.0.1:5432/kin")
        String url();

        @WithDefault("kin")
        String user();

        @WithDefault("kin")
        String password();
    }

    /** Bridges to external systems (configured in the database, table kin_bridge). */
    interface Bridge {
        /**
         * How long a bridge that is closed (removed, reconfigured, or at shutdown) may keep delivering what it has
         * buffered; what is left then is dropped and counted.
         */
        @WithDefault("5000")
        long closeTimeoutMillis();
    }
}
