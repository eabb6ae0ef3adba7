package io.kin.broker.auth;

import java.util.List;

/**
 * Port to where ACL rules live. Called on every authorization check, so answer from memory (a database-backed
 * store keeps a cached copy). Returning the same list instance while the rules are unchanged lets
 * {@link AclAuthorizer} reuse its sorted copy.
 */
@FunctionalInterface
public interface AclStore {

    List<AclRule> rules();
}
