package io.kin.broker.auth;


import java.util.ArrayList;
import java.util.List;

/** ACL rules kept in memory: a fixture for the authorization unit tests (the broker reads rules from PostgreSQL). */
public class InMemoryAclStore implements AclStore {

    /** Replaced on every change, never mutated: readers get a stable snapshot without locking. */
    private volatile List<AclRule> rules = List.of();

    @Override
    public List<AclRule> rules() {
        return rules;
    }

    /** Adds a rule, replacing any rule with the same id. */
    public synchronized void add(AclRule rule) {
        List<AclRule> next = new ArrayList<>(rules);
        next.removeIf(r -> r.id() == rule.id());
        next.add(rule);
        rules = List.copyOf(next);
    }

    public synchronized boolean remove(long id) {
        List<AclRule> next = new ArrayList<>(rules);
        boolean removed = next.removeIf(r -> r.id() == id);
        rules = List.copyOf(next);
        return removed;
    }

    public synchronized void clear() {
        rules = List.of();
    }
}
