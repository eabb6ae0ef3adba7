package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryUserStoreTest {

    private final InMemoryUserStore store = new InMemoryUserStore(new PasswordHasher(1_000), 16);

    private Optional<UserCredentials> find(String username) throws Exception {
        return store.find(username).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aStoredUserHasAVerifiablePasswordHashAndScramKeysForTheSamePassword() throws Exception {
        store.put("alice", "wonderland".toCharArray(), false);

        UserCredentials alice = find("alice").orElseThrow();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(new PasswordHasher().verify("wonderland".toCharArray(), alice.passwordHash())).isTrue();
        ScramCredentials scram = alice.scram();
        assertThat(scram.iterations()).isEqualTo(16);
        assertThat(ScramCredentials.derive("wonderland".toCharArray(), scram.salt(), 16)).isEqualTo(scram);
        assertThat(alice.toString()).doesNotContain(alice.passwordHash());
    }

    @Test
    void unknownUsersAreNotFound() throws Exception {
        assertThat(find("nobody")).isEmpty();
        assertThat(find(null)).isEmpty();
    }

    @Test
    void superusersAreKnownWithoutALookupFuture() {
        store.put("root", "pw".toCharArray(), true);
        store.put("alice", "pw".toCharArray(), false);

        assertThat(store.includes("root")).isTrue();
        assertThat(store.includes("alice")).isFalse();
        assertThat(store.includes("nobody")).isFalse();
        assertThat(store.includes(null)).isFalse();
    }

    @Test
    void removedAndClearedUsersAreGone() throws Exception {
        store.put("alice", "pw".toCharArray(), false);
        store.put("bob", "pw".toCharArray(), false);

        assertThat(store.remove("alice")).isTrue();
        assertThat(store.remove("alice")).isFalse();
        assertThat(find("alice")).isEmpty();
        store.clear();
        assertThat(find("bob")).isEmpty();
    }

    @Test
    void puttingAUserAgainReplacesThePassword() throws Exception {
        store.put("alice", "old".toCharArray(), false);
        store.put("alice", "new".toCharArray(), true);

        UserCredentials alice = find("alice").orElseThrow();
        assertThat(new PasswordHasher().verify("new".toCharArray(), alice.passwordHash())).isTrue();
        assertThat(alice.superuser()).isTrue();
    }
}
