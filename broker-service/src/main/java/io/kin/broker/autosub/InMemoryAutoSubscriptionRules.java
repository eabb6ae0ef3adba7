package io.kin.broker.autosub;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Auto-subscription rules held in memory: the default until a persistent store replaces it. */
@ApplicationScoped
@DefaultBean
public class InMemoryAutoSubscriptionRules implements AutoSubscriptionRules {

    private final List<AutoSubscriptionRule> rules = new CopyOnWriteArrayList<>();

    @Override
    public List<AutoSubscriptionRule> rules() {
        return List.copyOf(rules);
    }

    public void add(AutoSubscriptionRule rule) {
        rules.removeIf(r -> r.id() == rule.id());
        rules.add(rule);
    }

    public boolean remove(long id) {
        return rules.removeIf(r -> r.id() == id);
    }

    public void clear() {
        rules.clear();
    }
}
