package io.kin.broker.rules;

import io.kin.rules.RuleDefinition;
import io.vertx.core.Future;

import java.util.List;

/** Where rules are kept (PostgreSQL in production). */
public interface RuleStore {

    /** Every rule, enabled or not; a rule whose stored actions cannot be read comes back with none and a warning. */
    Future<List<RuleDefinition>> loadAll();
}
