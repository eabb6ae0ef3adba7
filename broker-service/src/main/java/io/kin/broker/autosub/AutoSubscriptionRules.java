package io.kin.broker.autosub;

import java.util.List;

/** Where auto-subscription rules are kept. */
public interface AutoSubscriptionRules {

    List<AutoSubscriptionRule> rules();
}
