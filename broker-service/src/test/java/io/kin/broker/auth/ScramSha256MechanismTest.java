package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ScramSha256MechanismTest {

    private static final String RFC_CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_NONCE = RFC_CLIENT_NONCE + RFC_SERVER_NONCE;

    private static InMemoryUserStore users;

    @BeforeAll
    static void users() {
        users = new InMemoryUserStore(new PasswordHasher(1_000), 4096);
        users.put("alice", "wonderland".toCharArray(), false);
        users.put("a,b=c", "escaped".toCharArray(), false);
    }

    /** RFC 7677 section 3: the user "user" with password "pencil", salt and server nonce fixed. */
    private static ScramSha256Mechanism rfc7677Server() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        UserStore store = username -> Future.succeededFuture(username.equals("user")
                ? Optional.of(new UserCredentials("user", null,
                        ScramCredentials.derive("pencil".toCharArray(), salt, 4096), false))
                : Optional.empty());
        return new ScramSha256Mechanism(store, () -> RFC_SERVER_NONCE);
    }

    @Test
    void reproducesTheRfc7677Exchange() throws Exception {
        EnhancedAuthExchange exchange = rfc7677Server().start("client-1");

        AuthStep first = step(exchange, "n,,n=user,r=" + RFC_CLIENT_NONCE);
        assertThat(first).isInstanceOf(AuthStep.Continue.class);
        assertThat(text(((AuthStep.Continue) first).serverData()))
                .isEqualTo("r=" + RFC_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        AuthStep last = step(exchange, "c=biws,r=" + RFC_NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(last).isInstanceOf(AuthStep.Success.class);
        AuthStep.Success success = (AuthStep.Success) last;
        assertThat(text(success.serverData())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(success.username()).isEqualTo("user");
    }

    @Test
    void theTestClientComputesTheRfc7677Proof() throws Exception {
        ScramClient client = new ScramClient("user", "pencil", RFC_CLIENT_NONCE);
        client.clientFirst();

        String clientFinal = client.clientFinal("r=" + RFC_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

        assertThat(clientFinal).isEqualTo("c=biws,r=" + RFC_NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(client.expectedServerFinal()).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aClientWithTheRightPasswordAuthenticatesAndCanCheckTheServer() throws Exception {
        ScramClient client = new ScramClient("alice", "wonderland", "fyko+d2lbbFgONRv9qkxdawL");
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");

        AuthStep first = step(exchange, client.clientFirst());
        String serverFirst = text(((AuthStep.Continue) first).serverData());
        assertThat(serverFirst).startsWith("r=fyko+d2lbbFgONRv9qkxdawL").contains(",i=4096");

        AuthStep last = step(exchange, client.clientFinal(serverFirst));
        assertThat(last).isInstanceOf(AuthStep.Success.class);
        assertThat(((AuthStep.Success) last).username()).isEqualTo("alice");
        assertThat(text(((AuthStep.Success) last).serverData())).isEqualTo(client.expectedServerFinal());
    }

    @Test
    void usernamesWithCommaAndEqualsSignAreUnescaped() throws Exception {
        ScramClient client = new ScramClient("a,b=c", "escaped", "nonce123");
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");

        assertThat(client.clientFirst()).isEqualTo("n,,n=a=2Cb=3Dc,r=nonce123");
        String serverFirst = text(((AuthStep.Continue) step(exchange, client.clientFirst())).serverData());
        AuthStep last = step(exchange, client.clientFinal(serverFirst));

        assertThat(last).isInstanceOf(AuthStep.Success.class);
        assertThat(((AuthStep.Success) last).username()).isEqualTo("a,b=c");
    }

    @Test
    void aWrongPasswordFailsAtTheProofAsBadUsernameOrPassword() throws Exception {
        ScramClient client = new ScramClient("alice", "looking-glass", "abc");
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");

        String serverFirst = text(((AuthStep.Continue) step(exchange, client.clientFirst())).serverData());
        AuthStep last = step(exchange, client.clientFinal(serverFirst));

        assertThat(last).isEqualTo(new AuthStep.Failure(AuthFailure.BAD_USERNAME_OR_PASSWORD, "bad username or password"));
    }

    @Test
    void anUnknownUserGetsAPlausibleChallengeAndFailsLikeAWrongPassword() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(users);
        ScramClient client = new ScramClient("mallory", "anything", "abc");
        EnhancedAuthExchange exchange = mechanism.start("c1");

        AuthStep first = step(exchange, client.clientFirst());
        assertThat(first).isInstanceOf(AuthStep.Continue.class);
        String serverFirst = text(((AuthStep.Continue) first).serverData());
        assertThat(serverFirst).matches("r=abc[A-Za-z0-9+/]{24},s=[A-Za-z0-9+/=]{24},i=4096");

        AuthStep last = step(exchange, client.clientFinal(serverFirst));
        assertThat(last).isEqualTo(new AuthStep.Failure(AuthFailure.BAD_USERNAME_OR_PASSWORD, "bad username or password"));
    }

    @Test
    void anUnknownUserIsOfferedTheSameSaltOnEveryAttempt() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(users);

        String first = text(((AuthStep.Continue) step(mechanism.start("c1"), "n,,n=mallory,r=x")).serverData());
        String second = text(((AuthStep.Continue) step(mechanism.start("c2"), "n,,n=mallory,r=y")).serverData());
        String other = text(((AuthStep.Continue) step(mechanism.start("c3"), "n,,n=trudy,r=z")).serverData());

        assertThat(ScramClient.attribute(first, "s")).isEqualTo(ScramClient.attribute(second, "s"))
                .isNotEqualTo(ScramClient.attribute(other, "s"));
    }

    @Test
    void aTamperedNonceIsRefused() throws Exception {
        ScramClient client = new ScramClient("alice", "wonderland", "abc");
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");
        String serverFirst = text(((AuthStep.Continue) step(exchange, client.clientFirst())).serverData());
        String nonce = ScramClient.attribute(serverFirst, "r");
        String tampered = serverFirst.replace(nonce, nonce + "X");

        AuthStep last = step(exchange, client.clientFinal(tampered));

        assertThat(last).isInstanceOf(AuthStep.Failure.class);
        assertThat(((AuthStep.Failure) last).failure()).isEqualTo(AuthFailure.NOT_AUTHORIZED);
    }

    @Test
    void aProofReplayedFromAnotherExchangeIsRefused() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(users);
        ScramClient client = new ScramClient("alice", "wonderland", "abc");
        EnhancedAuthExchange first = mechanism.start("c1");
        String serverFirst = text(((AuthStep.Continue) step(first, client.clientFirst())).serverData());
        String recorded = client.clientFinal(serverFirst);
        step(first, recorded);

        EnhancedAuthExchange replay = mechanism.start("c2");
        step(replay, client.clientFirst());

        assertThat(step(replay, recorded)).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void malformedClientFirstMessagesAreNotAuthorized() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(users);
        String[] malformed = {
                "",
                "n=alice,r=abc",                 // no gs2 header
                "p=tls-unique,,n=alice,r=abc",   // channel binding requested
                "n,,r=abc,n=alice",              // attributes out of order
                "n,,n=alice",                    // no nonce
                "n,,n=alice,r=",                 // empty nonce
                "n,,n=al=ice,r=abc",             // bad escape
                "n,,n=,r=abc",                   // empty username
                "n,,m=ext,n=alice,r=abc",        // mandatory extension
                "n,a=bob,n=alice,r=abc",         // acting as someone else
                "x,,n=alice,r=abc",
        };
        for (String message : malformed) {
            AuthStep step = step(mechanism.start("c1"), message);
            assertThat(step).as(message).isInstanceOf(AuthStep.Failure.class);
            assertThat(((AuthStep.Failure) step).failure()).as(message).isEqualTo(AuthFailure.NOT_AUTHORIZED);
        }
        AuthStep notUtf8 = mechanism.start("c1").next(new byte[]{(byte) 0xC3, (byte) 0x28})
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(notUtf8).isInstanceOf(AuthStep.Failure.class);
        AuthStep nothing = mechanism.start("c1").next(null)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(nothing).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void malformedClientFinalMessagesAreNotAuthorized() throws Exception {
        ScramSha256Mechanism mechanism = new ScramSha256Mechanism(users, () -> "SNONCE");
        String nonce = "abcSNONCE";
        String[] malformed = {
                "",
                "c=biws,r=" + nonce,                                  // no proof
                "r=" + nonce + ",c=biws,p=AAAA",                      // out of order
                "c=eSws,r=" + nonce + ",p=" + zeros(32),              // binding does not repeat "n,,"
                "c=biws,r=" + nonce + ",p=not base64!",
                "c=biws,r=" + nonce + ",p=" + zeros(16),              // proof too short
        };
        for (String message : malformed) {
            EnhancedAuthExchange exchange = mechanism.start("c1");
            step(exchange, "n,,n=alice,r=abc");
            AuthStep step = step(exchange, message);
            assertThat(step).as(message).isInstanceOf(AuthStep.Failure.class);
            assertThat(((AuthStep.Failure) step).failure()).as(message).isEqualTo(AuthFailure.NOT_AUTHORIZED);
        }
    }

    @Test
    void anExchangeThatFinishedAcceptsNoMoreMessages() throws Exception {
        ScramClient client = new ScramClient("alice", "wonderland", "abc");
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");
        String serverFirst = text(((AuthStep.Continue) step(exchange, client.clientFirst())).serverData());
        String clientFinal = client.clientFinal(serverFirst);
        assertThat(step(exchange, clientFinal)).isInstanceOf(AuthStep.Success.class);

        assertThat(step(exchange, clientFinal)).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void aFailedStepEndsTheExchange() throws Exception {
        EnhancedAuthExchange exchange = new ScramSha256Mechanism(users).start("c1");
        assertThat(step(exchange, "garbage")).isInstanceOf(AuthStep.Failure.class);

        assertThat(step(exchange, "n,,n=alice,r=abc")).isInstanceOf(AuthStep.Failure.class);
    }

    @Test
    void theMethodIsScramSha256() {
        assertThat(new ScramSha256Mechanism(users).method()).isEqualTo("SCRAM-SHA-256");
    }

    private static AuthStep step(EnhancedAuthExchange exchange, String clientMessage) throws Exception {
        return exchange.next(clientMessage.getBytes(StandardCharsets.UTF_8))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static String zeros(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }
}
