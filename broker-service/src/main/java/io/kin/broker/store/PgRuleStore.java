package io.kin.broker.store;

import io.kin.broker.rules.RuleStore;
import io.kin.rules.RuleActionsJson;
import io.kin.rules.RuleDefinition;
import io.kin.rules.action.RuleAction;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Rules from {@code kin_rule}; the admin API writes them and bumps the {@code rules} config version. */
@ApplicationScoped
public class PgRuleStore implements RuleStore {

    private static final Logger LOG = Logger.getLogger(PgRuleStore.class);

    private final Pool pool;

    PgRuleStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<List<RuleDefinition>> loadAll() {
        return pool.query("SELECT id, name, description, sql, enabled, actions::text AS actions FROM kin_rule ORDER BY id")
                .execute().map(rows -> {
                    List<RuleDefinition> rules = new ArrayList<>();
                    for (Row r : rows) {
                        String id = r.getString("id");
                        List<RuleAction> actions;
                        try {
                            actions = RuleActionsJson.read(r.getString("actions"));
                        } catch (RuntimeException e) {
                            LOG.warnf("rule %s: its stored actions cannot be read, it runs with none: %s", id,
                                    e.getMessage());
                            actions = List.of();
                        }
                        rules.add(new RuleDefinition(id, r.getString("name"), r.getString("description"),
                                r.getString("sql"), Boolean.TRUE.equals(r.getBoolean("enabled")), actions));
                    }
                    return rules;
                });
    }
}
