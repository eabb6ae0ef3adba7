package io.kin.broker.auth;

/** What an ACL rule is about. */
public enum AclAction {
    PUBLISH,
    SUBSCRIBE,
    ALL;

    boolean covers(AclAction requested) {
        return this == ALL || this == requested;
    }
}
