package io.kin.broker.autosub;

/**
 * Subscribes every client whose id matches {@code clientIdPattern} (a glob: {@code *} any run, {@code ?} one
 * character) to {@code filter}, in which {@code ${clientid}} and {@code ${username}} are replaced by the client's.
 */
public record AutoSubscriptionRule(long id, String clientIdPattern, String filter, int qos, boolean noLocal,
                                   boolean retainAsPublished, int retainHandling) {
}
