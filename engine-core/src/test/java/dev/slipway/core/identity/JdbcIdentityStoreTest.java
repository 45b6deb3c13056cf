package dev.slipway.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.access.TokenScope;
import dev.slipway.core.identity.IdentityStore.StoredApiToken;
import dev.slipway.core.identity.IdentityStore.StoredSession;
import dev.slipway.core.identity.IdentityStore.StoredUser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conditional updates of the JDBC store on H2, which keep two requests, or two engine nodes, from both
 * succeeding at the same change.
 */
class JdbcIdentityStoreTest {

    private JdbcIdentityStore store;

    @BeforeEach
    void migrate() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:identity-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcIdentityStore.migrate(dataSource);
        store = new JdbcIdentityStore(dataSource);
    }

    @Test
    void secondUserOfSameNameIsRejected() {
        assertThat(store.addUser(new StoredUser("alice", "hash-1", "ciphertext-1", -1))).isTrue();
        assertThat(store.addUser(new StoredUser("alice", "hash-2", "ciphertext-2", -1))).isFalse();
        assertThat(store.findUser("alice")).hasValueSatisfying(user -> {
            assertThat(user.passwordHash()).isEqualTo("hash-1");
            assertThat(user.totpSecretCiphertext()).isEqualTo("ciphertext-1");
        });
    }

    @Test
    void totpStepIsUsedOnce() {
        store.addUser(new StoredUser("alice", "hash", "ciphertext", -1));

        assertThat(store.useTotpStep("alice", 100)).isTrue();
        assertThat(store.useTotpStep("alice", 100)).isFalse();
        assertThat(store.useTotpStep("alice", 99)).isFalse();
        assertThat(store.useTotpStep("alice", 101)).isTrue();
        assertThat(store.useTotpStep("nobody", 102)).isFalse();
    }

    @Test
    void refreshTokenRotatesOnce() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        store.addSession(new StoredSession("s1", "alice", "first", expiry, false));

        assertThat(store.rotateRefreshToken("s1", "first", "second")).isTrue();
        assertThat(store.rotateRefreshToken("s1", "first", "other")).isFalse();
        assertThat(store.isRefreshTokenUsed("first")).isTrue();
        assertThat(store.isRefreshTokenUsed("second")).isFalse();
        assertThat(store.findSession("s1")).hasValueSatisfying(session -> {
            assertThat(session.refreshTokenHash()).isEqualTo("second");
            assertThat(session.expiresAt()).isEqualTo(expiry);
            assertThat(session.ended()).isFalse();
        });
    }

    @Test
    void endedSessionNeitherEndsAgainNorRotates() {
        store.addSession(new StoredSession("s1", "alice", "first", Instant.now().plusSeconds(60), false));
        store.addSession(new StoredSession("s2", "alice", "other", Instant.now().plusSeconds(60), false));

        assertThat(store.endSession("s1", Instant.now())).isTrue();
        assertThat(store.endSession("s1", Instant.now())).isFalse();
        assertThat(store.rotateRefreshToken("s1", "first", "second")).isFalse();
        assertThat(store.activeSessionIds("alice")).containsExactly("s2");
        assertThat(store.findSession("s1")).hasValueSatisfying(session -> assertThat(session.ended()).isTrue());
    }

    @Test
    void apiTokenIsRevokedOnlyByOwnerOnce() {
        store.addApiToken(new StoredApiToken("t1", "alice", "hash", TokenScope.DEPLOY, false));

        assertThat(store.revokeApiToken("t1", "bob", Instant.now())).isFalse();
        assertThat(store.findApiToken("t1")).hasValueSatisfying(token -> {
            assertThat(token.revoked()).isFalse();
            assertThat(token.scope()).isEqualTo(TokenScope.DEPLOY);
        });
        assertThat(store.revokeApiToken("t1", "alice", Instant.now())).isTrue();
        assertThat(store.revokeApiToken("t1", "alice", Instant.now())).isFalse();
        assertThat(store.findApiToken("t1")).hasValueSatisfying(token -> assertThat(token.revoked()).isTrue());
    }

    @Test
    void activeTokensOfOwnerAreListed() {
        store.addApiToken(new StoredApiToken("t2", "alice", "hash-2", TokenScope.READ, false));
        store.addApiToken(new StoredApiToken("t1", "alice", "hash-1", TokenScope.DEPLOY, false));
        store.addApiToken(new StoredApiToken("t3", "bob", "hash-3", TokenScope.ADMIN, false));
        store.revokeApiToken("t2", "alice", Instant.now());

        List<StoredApiToken> ofAlice = store.activeApiTokensOf("alice");
        List<StoredApiToken> inMemory = inMemoryCopy().activeApiTokensOf("alice");

        assertThat(ofAlice).extracting(StoredApiToken::tokenId).containsExactly("t1");
        assertThat(ofAlice).extracting(StoredApiToken::scope).containsExactly(TokenScope.DEPLOY);
        assertThat(inMemory).extracting(StoredApiToken::tokenId).containsExactly("t1");
    }

    private static InMemoryIdentityStore inMemoryCopy() {
        InMemoryIdentityStore copy = new InMemoryIdentityStore();
        copy.addApiToken(new StoredApiToken("t2", "alice", "hash-2", TokenScope.READ, false));
        copy.addApiToken(new StoredApiToken("t1", "alice", "hash-1", TokenScope.DEPLOY, false));
        copy.addApiToken(new StoredApiToken("t3", "bob", "hash-3", TokenScope.ADMIN, false));
        copy.revokeApiToken("t2", "alice", Instant.now());
        return copy;
    }

    @Test
    void firstStoredSigningKeyWins() {
        assertThat(store.addSigningKey("access-token", "first")).isTrue();
        assertThat(store.addSigningKey("access-token", "second")).isFalse();
        assertThat(store.findSigningKey("access-token")).hasValue("first");
        assertThat(store.findSigningKey("other")).isEmpty();
    }

    @Test
    void migrationRunsAgainWithoutChanges() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:identity-twice-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcIdentityStore.migrate(dataSource);
        new JdbcIdentityStore(dataSource).addUser(new StoredUser("alice", "hash", "ciphertext", -1));

        JdbcIdentityStore.migrate(dataSource);

        assertThat(new JdbcIdentityStore(dataSource).findUser("alice")).isPresent();
    }
}
