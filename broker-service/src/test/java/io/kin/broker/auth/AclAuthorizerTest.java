package io.kin.broker.auth;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.kin.broker.auth.AclAction.ALL;
import static io.kin.broker.auth.AclAction.PUBLISH;
import static io.kin.broker.auth.AclAction.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclAuthorizerTest {

    private static final ClientIdentity ALICE = new ClientIdentity("alice-phone", "alice");
    private static final ClientIdentity BOB = new ClientIdentity("bob-laptop", "bob");
    private static final ClientIdentity ANONYMOUS = new ClientIdentity("sensor-7", null);

    private InMemoryAclStore rules;
    private long nextId;

    @BeforeEach
    void emptyRules() {
        rules = new InMemoryAclStore();
        nextId = 1;
    }

    private void allow(String username, String clientId, AclAction action, String filter, int priority) {
        rules.add(new AclRule(nextId++, username, clientId, action, filter, true, priority));
    }

    private void deny(String username, String clientId, AclAction action, String filter, int priority) {
        rules.add(new AclRule(nextId++, username, clientId, action, filter, false, priority));
    }

    private AclAuthorizer defaultDeny() {
        return new AclAuthorizer(rules, false);
    }

    private AclAuthorizer defaultAllow() {
        return new AclAuthorizer(rules, true);
    }

    @Test
    void withoutRulesTheDefaultDecides() {
        assertThat(defaultAllow().canPublish(ALICE, "a/b")).isTrue();
        assertThat(defaultAllow().canSubscribe(ALICE, "#")).isTrue();
        assertThat(defaultDeny().canPublish(ALICE, "a/b")).isFalse();
        assertThat(defaultDeny().canSubscribe(ALICE, "#")).isFalse();
    }

    @Test
    void aPublishIsAllowedByARuleWhoseFilterMatchesTheTopic() {
        allow("*", "*", PUBLISH, "sensors/+/temp", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canPublish(ALICE, "sensors/kitchen/temp")).isTrue();
        assertThat(authorizer.canPublish(ALICE, "sensors/kitchen/humidity")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "sensors/kitchen/temp")).as("publish rule only").isFalse();
    }

    @Test
    void aRuleAppliesOnlyToItsUsernameAndClientId() {
        allow("alice", null, ALL, "alice/#", 0);
        allow(null, "bob-laptop", ALL, "laptops/#", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canPublish(ALICE, "alice/notes")).isTrue();
        assertThat(authorizer.canPublish(BOB, "alice/notes")).isFalse();
        assertThat(authorizer.canPublish(ANONYMOUS, "alice/notes")).isFalse();
        assertThat(authorizer.canPublish(BOB, "laptops/status")).isTrue();
        assertThat(authorizer.canPublish(ALICE, "laptops/status")).isFalse();
    }

    @Test
    void placeholdersAreFilledForTheAskingClient() {
        allow(null, null, ALL, "users/${username}/#", 0);
        allow(null, null, PUBLISH, "devices/${clientid}/state", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canSubscribe(ALICE, "users/alice/#")).isTrue();
        assertThat(authorizer.canSubscribe(ALICE, "users/bob/#")).isFalse();
        assertThat(authorizer.canPublish(BOB, "users/bob/inbox")).isTrue();
        assertThat(authorizer.canPublish(ALICE, "devices/alice-phone/state")).isTrue();
        assertThat(authorizer.canPublish(ALICE, "devices/bob-laptop/state")).isFalse();
        assertThat(authorizer.canPublish(ANONYMOUS, "devices/sensor-7/state")).isTrue();
    }

    @Test
    void aRuleWithAPlaceholderTheClientCannotFillDoesNotApply() {
        allow(null, null, ALL, "users/${username}/#", 0);
        deny(null, null, ALL, "private/${username}/#", 0);

        assertThat(defaultDeny().canPublish(ANONYMOUS, "users/null/x")).isFalse();
        assertThat(defaultAllow().canPublish(ANONYMOUS, "private/null/x")).as("deny did not apply either").isTrue();
    }

    @Test
    void aUsernameWithWildcardsOrSlashesCannotWidenAPlaceholderRule() {
        allow(null, null, ALL, "users/${username}/#", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canSubscribe(new ClientIdentity("c", "+"), "users/+/#")).isFalse();
        assertThat(authorizer.canSubscribe(new ClientIdentity("c", "#"), "users/#")).isFalse();
        assertThat(authorizer.canPublish(new ClientIdentity("c", "alice/x"), "users/alice/x/y")).isFalse();
    }

    @Test
    void aClientIdThatLooksLikeAPlaceholderIsNotFilledTwice() {
        allow(null, null, PUBLISH, "c/${clientid}/u/${username}", 0);

        assertThat(defaultDeny().canPublish(new ClientIdentity("${username}", "alice"), "c/${username}/u/alice"))
                .isTrue();
    }

    @Test
    void theHigherPriorityRuleWins() {
        deny(null, null, ALL, "#", 0);
        allow("alice", null, PUBLISH, "alice/#", 10);
        AclAuthorizer authorizer = defaultAllow();

        assertThat(authorizer.canPublish(ALICE, "alice/x")).isTrue();
        assertThat(authorizer.canPublish(BOB, "alice/x")).isFalse();

        deny("alice", null, PUBLISH, "alice/secret", 20);
        assertThat(authorizer.canPublish(ALICE, "alice/secret")).as("rules changed in the store").isFalse();
        assertThat(authorizer.canPublish(ALICE, "alice/x")).isTrue();
    }

    @Test
    void onEqualPriorityDenyWins() {
        allow(null, null, ALL, "shared/#", 5);
        deny(null, null, ALL, "shared/#", 5);
        allow(null, null, ALL, "shared/#", 5);

        assertThat(defaultAllow().canPublish(ALICE, "shared/x")).isFalse();
        assertThat(defaultAllow().canSubscribe(ALICE, "shared/#")).isFalse();
    }

    @Test
    void aSubscribeIsAllowedOnlyWhenTheRuleCoversTheWholeRequestedFilter() {
        allow(null, null, SUBSCRIBE, "sensors/#", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canSubscribe(ALICE, "sensors/+/temp")).isTrue();
        assertThat(authorizer.canSubscribe(ALICE, "sensors/#")).isTrue();
        assertThat(authorizer.canSubscribe(ALICE, "#")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "+/kitchen/temp")).isFalse();
        assertThat(authorizer.canPublish(ALICE, "sensors/x")).as("subscribe rule only").isFalse();
    }

    @Test
    void aDenyBlocksAWildcardSubscribeThatCouldReceiveWhatItForbids() {
        deny(null, null, SUBSCRIBE, "secret/#", 0);
        AclAuthorizer authorizer = defaultAllow();

        assertThat(authorizer.canSubscribe(ALICE, "#")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "+/passwords")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "secret/passwords")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "public/#")).isTrue();
        assertThat(authorizer.canSubscribe(ALICE, "+/news")).as("could receive secret/news").isFalse();
    }

    @Test
    void aWildcardGrantDoesNotCoverSystemTopics() {
        allow(null, null, ALL, "#", 0);
        AclAuthorizer authorizer = defaultDeny();

        assertThat(authorizer.canSubscribe(ALICE, "$SYS/#")).isFalse();
        assertThat(authorizer.canPublish(ALICE, "$SYS/broker/x")).isFalse();
        assertThat(authorizer.canSubscribe(ALICE, "a/b")).isTrue();
    }

    @Test
    void superusersBypassTheRules() {
        deny(null, null, ALL, "#", 100);
        AclAuthorizer authorizer = new AclAuthorizer(rules, "alice"::equals, false);

        assertThat(authorizer.canPublish(ALICE, "anything")).isTrue();
        assertThat(authorizer.canSubscribe(ALICE, "#")).isTrue();
        assertThat(authorizer.canPublish(BOB, "anything")).isFalse();
        assertThat(authorizer.canPublish(ANONYMOUS, "anything")).isFalse();
    }

    @Test
    void removedRulesStopApplying() {
        deny(null, null, ALL, "#", 0);
        AclAuthorizer authorizer = defaultAllow();
        assertThat(authorizer.canPublish(ALICE, "x")).isFalse();

        rules.remove(1);
        assertThat(authorizer.canPublish(ALICE, "x")).isTrue();

        deny(null, null, ALL, "#", 0);
        rules.clear();
        assertThat(authorizer.canPublish(ALICE, "x")).isTrue();
    }

    @Test
    void aRuleNeedsAnActionAndAValidFilter() {
        assertThatThrownBy(() -> new AclRule(1, null, null, null, "a", true, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AclRule(1, null, null, ALL, "a/#/b", true, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AclRule(1, null, null, ALL, "", true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
