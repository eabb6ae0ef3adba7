package io.kin.admin.ui.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The admin API's JSON shapes, as far as the console reads or writes them (docs/api.md, the OpenAPI document). */
public final class ApiModel {

    private ApiModel() {
    }

    /**
     * The If-Match value for a revision read with a list or a resource ({@code "48213"}); null (no precondition) when
     * the API did not answer one.
     */
    public static String ifMatch(String revision) {
        return revision == null || revision.isBlank() ? null
                : revision.startsWith("\"") || revision.startsWith("W/") ? revision : "\"" + revision + "\"";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page<T>(List<T> items, long total, String nextCursor) {
        public static <T> Page<T> empty() {
            return new Page<>(List.of(), 0, null);
        }
    }

    public record LoginBody(String username, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LoginResult(String token, String username, String role, String expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Me(String name, String role, String kind) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(String nodeId, String version, int mqttPort, String startedAt, String lastSeen, boolean up) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stats(Map<String, String> cluster, Map<String, Map<String, String>> nodes) {
    }

    /** The last hour of figures, every 10 s, oldest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatsHistory(String node, long stepSeconds, List<String> nodes, List<StatsSample> samples) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatsSample(String at, int nodes, Map<String, Double> figures) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BridgeNodeStatus(String node, String state, int buffered, int capacity, long enqueued, long sent,
                                   long failed, long dropped, long retries, String lastError, String lastErrorAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BridgeStatus(String name, String type, boolean enabled, String state, int nodesUp,
                               int nodesConnected, long buffered, long sent, long failed, long dropped, long retries,
                               String lastError, String lastErrorAt, String lastErrorNode,
                               List<BridgeNodeStatus> nodes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BridgeTestResult(boolean ok, String node, long millis, String detail, String error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Client(String clientId, String username, String ipAddress, String node, int protocolVersion,
                         boolean cleanStart, int keepAliveSeconds, String listener, String connectedAt,
                         boolean persistent, long sessionExpirySeconds, int subscriptions, int inflight, int queued) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClientDetail(Client client, List<Subscription> subscriptions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Session(String clientId, String username, String node, boolean connected, boolean persistent,
                          long expiryIntervalSeconds, String disconnectedAt, int subscriptions, int inflight,
                          int queued) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subscription(String clientId, String node, String filter, String shareGroup, int qos,
                               boolean noLocal, boolean retainAsPublished, int retainHandling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retained(String topic, String payload, String payloadEncoding, int qos, String publisherClientId,
                           String createdAt, String expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublishBody(String topic, String payload, String payloadEncoding, Integer qos, Boolean retain,
                              Long messageExpirySeconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublishResult(String node, int routed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(String id, String name, String description, String sql, boolean enabled, JsonNode actions,
                       String createdAt, String updatedAt, String revision) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleBody(String id, String name, String description, String sql, Boolean enabled,
                           JsonNode actions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuleCounters(long matched, long passed, long failed, long actionsSucceeded, long actionsFailed) {
        public static final RuleCounters ZERO = new RuleCounters(0, 0, 0, 0, 0);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuleMetrics(String ruleId, RuleCounters totals, String lastError, String lastErrorAt,
                              String lastErrorNode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleTrial(String sql, JsonNode actions, Map<String, Object> input) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuleTrialResult(boolean sourceMatched, boolean passed, Map<String, Object> output,
                                  List<ActionPreview> actions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActionPreview(String type, String bridge, String target, String key, String payload,
                                Map<String, String> headers, Integer qos, Boolean retain) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bridge(String name, String type, boolean enabled, Map<String, String> settings, int bufferSize,
                         int maxRetries, long backoffMillis, long maxBackoffMillis, int maxInflight, String createdAt,
                         String updatedAt, String revision) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BridgeBody(String name, String type, Boolean enabled, Map<String, String> settings,
                             Integer bufferSize, Integer maxRetries, Long backoffMillis, Long maxBackoffMillis,
                             Integer maxInflight) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AutoSubscription(long id, String clientIdPattern, String topicFilter, int qos, boolean noLocal,
                                   boolean retainAsPublished, int retainHandling, String createdAt, String revision) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoSubscriptionBody(String clientIdPattern, String topicFilter, Integer qos, Boolean noLocal,
                                       Boolean retainAsPublished, Integer retainHandling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AdminUser(String username, String role, String createdAt, String updatedAt) {
    }

    public record AdminUserBody(String username, String password, String role) {
    }

    /** A field left null stays as it is. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record AdminUserChange(String password, String role) {
    }

    /** {@code key} only in the answer to its creation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApiKey(String id, String name, String role, String createdAt, String lastUsedAt, String key) {
    }

    public record ApiKeyBody(String name, String role) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String username, boolean superuser, String createdAt, String updatedAt, String revision) {
    }

    public record UserBody(String username, String password, Boolean superuser) {
    }

    public record PasswordBody(String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AclRule(long id, String username, String clientId, String action, String topicFilter, boolean allow,
                          int priority, String createdAt, String revision) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AclRuleBody(String username, String clientId, String action, String topicFilter, Boolean allow,
                              Integer priority) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FieldError(String field, String message, Integer line, Integer column) {
    }
}
