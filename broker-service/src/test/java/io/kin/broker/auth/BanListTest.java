package io.kin.broker.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BanListTest {

    @Test
    void globsMatchWholeIdentifiers() {
        BanList bans = new BanList(List.of("banned-*", "dev-??", "exact", " spaced "), List.of());
        assertThat(bans.clientIdBanned("banned-")).isTrue();
        assertThat(bans.clientIdBanned("banned-42")).isTrue();
        assertThat(bans.clientIdBanned("not-banned-42")).isFalse();
        assertThat(bans.clientIdBanned("dev-ab")).isTrue();
        assertThat(bans.clientIdBanned("dev-a")).isFalse();
        assertThat(bans.clientIdBanned("dev-abc")).isFalse();
        assertThat(bans.clientIdBanned("exact")).isTrue();
        assertThat(bans.clientIdBanned("exactly")).isFalse();
        assertThat(bans.clientIdBanned("spaced")).as("entries are trimmed").isTrue();
    }

    @Test
    void regexCharactersAreLiteral() {
        BanList bans = new BanList(List.of("a.b", "x+(y)*"), List.of());
        assertThat(bans.clientIdBanned("a.b")).isTrue();
        assertThat(bans.clientIdBanned("axb")).isFalse();
        assertThat(bans.clientIdBanned("x+(y)")).isTrue();
        assertThat(bans.clientIdBanned("x+(y)-and-more")).isTrue();
        assertThat(bans.clientIdBanned("xx(y)")).isFalse();
    }

    @Test
    void usernamesHaveTheirOwnListAndAnonymousIsNeverBanned() {
        BanList bans = new BanList(List.of("alice"), List.of("mallory*", "*"));
        assertThat(bans.usernameBanned("mallory")).isTrue();
        assertThat(bans.usernameBanned(null)).isFalse();
        assertThat(new BanList(List.of("alice"), List.of()).usernameBanned("alice")).isFalse();
        assertThat(new BanList(List.of(), List.of()).clientIdBanned("anything")).isFalse();
    }
}
