package io.kin.credentials;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ScramCredentialsTest {

    private static final byte[] RFC7677_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void derivedKeysProduceTheRfc7677ClientProofAndServerSignature() throws Exception {
        ScramCredentials credentials = ScramCredentials.derive("pencil".toCharArray(), RFC7677_SALT, 4096);
        String clientFirstBare = "n=user,r=rOprNGfwEbeRWgbNEkqO";
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        String withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;

        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] clientSignature = Sha256.hmac(credentials.storedKey(), authMessage);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }

        assertThat(Sha256.digest(clientKey)).isEqualTo(credentials.storedKey());
        assertThat(Base64.getEncoder().encodeToString(Sha256.hmac(credentials.serverKey(), authMessage)))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(credentials.salt()).isEqualTo(RFC7677_SALT);
        assertThat(credentials.iterations()).isEqualTo(4096);
    }

    @Test
    void credentialsDerivedTheSameWayAreEqual() {
        ScramCredentials a = ScramCredentials.derive("pencil".toCharArray(), RFC7677_SALT, 16);
        ScramCredentials b = ScramCredentials.derive("pencil".toCharArray(), RFC7677_SALT, 16);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ScramCredentials.derive("pen".toCharArray(), RFC7677_SALT, 16));
    }

    @Test
    void keysStayOutOfToString() {
        ScramCredentials credentials = ScramCredentials.derive("pencil".toCharArray(), RFC7677_SALT, 16);

        assertThat(credentials.toString()).isEqualTo("ScramCredentials[iterations=16]");
    }
}
