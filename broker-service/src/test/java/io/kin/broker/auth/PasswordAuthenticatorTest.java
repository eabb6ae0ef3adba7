package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordAuthenticatorTest {

    private static Vertx vertx;
    private static InMemoryUserStore users;

    /** Records where and how often a password is verified. */
    static final class WatchedHasher extends PasswordHasher {
        final List<Boolean> verifiedOnEventLoop = new CopyOnWriteArrayList<>();

        WatchedHasher() {
            super(1_000);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            verifiedOnEventLoop.add(Context.isOnEventLoopThread());
            return super.verify(password, encoded);
        }
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        users = new InMemoryUserStore(new PasswordHasher(1_000), 16);
        users.put("alice", "wonderland".toCharArray(), false);
        users.put("bob", "pässwörd".toCharArray(), false);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static PasswordAuthenticator authenticator(boolean allowAnonymous) {
        return new PasswordAuthenticator(vertx, users, new PasswordHasher(1_000), allowAnonymous);
    }

    private static AuthResult authenticate(Authenticator authenticator, String username, String password)
            throws Exception {
        byte[] bytes = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        return authenticator.authenticate(new ConnectCredentials("client-1", username, bytes, "127.0.0.1:5000"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theRightPasswordLetsTheUserIn() throws Exception {
        assertThat(authenticate(authenticator(false), "alice", "wonderland")).isEqualTo(AuthResult.ok("alice"));
        assertThat(authenticate(authenticator(false), "bob", "pässwörd")).isEqualTo(AuthResult.ok("bob"));
    }

    @Test
    void wrongPasswordIsRefusedWithTheSameFailureAsUnknownUser() throws Exception {
        AuthResult wrongPassword = authenticate(authenticator(true), "alice", "looking-glass");
        AuthResult unknownUser = authenticate(authenticator(true), "mallory", "looking-glass");

        assertThat(wrongPassword.success()).isFalse();
        assertThat(wrongPassword.failure()).isEqualTo(AuthFailure.BAD_USERNAME_OR_PASSWORD);
        assertThat(unknownUser).isEqualTo(wrongPassword);
    }

    @Test
    void anUnknownUserCostsOnePasswordVerificationLikeAKnownOne() throws Exception {
        WatchedHasher hasher = new WatchedHasher();
        PasswordAuthenticator authenticator = new PasswordAuthenticator(vertx, users, hasher, true);

        authenticate(authenticator, "mallory", "x");
        authenticate(authenticator, "alice", "x");

        assertThat(hasher.verifiedOnEventLoop).hasSize(2);
    }

    @Test
    void aUsernameWithoutPasswordIsRefused() throws Exception {
        AuthResult result = authenticate(authenticator(true), "alice", null);

        assertThat(result.failure()).isEqualTo(AuthFailure.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void anonymousClientsAreLetInWhenAllowed() throws Exception {
        AuthResult result = authenticate(authenticator(true), null, null);

        assertThat(result).isEqualTo(AuthResult.ok(null));
    }

    @Test
    void anonymousClientsAreRefusedAsNotAuthorizedWhenNotAllowed() throws Exception {
        PasswordAuthenticator authenticator = authenticator(true);
        authenticator.setAllowAnonymous(false);

        AuthResult result = authenticate(authenticator, null, null);

        assertThat(result.success()).isFalse();
        assertThat(result.failure()).isEqualTo(AuthFailure.NOT_AUTHORIZED);
    }

    @Test
    void passwordsAreVerifiedOffTheEventLoop() throws Exception {
        WatchedHasher hasher = new WatchedHasher();
        PasswordAuthenticator authenticator = new PasswordAuthenticator(vertx, users, hasher, true);
        CompletableFuture<AuthResult> result = new CompletableFuture<>();

        vertx.runOnContext(v -> authenticator
                .authenticate(new ConnectCredentials("c", "alice", "wonderland".getBytes(StandardCharsets.UTF_8), null))
                .onSuccess(result::complete).onFailure(result::completeExceptionally));

        assertThat(result.get(10, TimeUnit.SECONDS).success()).isTrue();
        assertThat(hasher.verifiedOnEventLoop).containsExactly(false);
    }

    @Test
    void aStoreThatCannotAnswerFailsTheFutureInsteadOfRefusingTheClient() {
        UserStore broken = username -> Future.failedFuture(new IllegalStateException("database down"));
        PasswordAuthenticator authenticator = new PasswordAuthenticator(vertx, broken, new PasswordHasher(1_000), true);

        assertThatThrownBy(() -> authenticate(authenticator, "alice", "wonderland"))
                .hasRootCauseMessage("database down");
    }

    @Test
    void credentialsDoNotPrintThePassword() {
        ConnectCredentials credentials = new ConnectCredentials("c", "alice", "secret".getBytes(StandardCharsets.UTF_8), null);

        assertThat(credentials.toString()).doesNotContain("secret").contains("***");
    }
}
