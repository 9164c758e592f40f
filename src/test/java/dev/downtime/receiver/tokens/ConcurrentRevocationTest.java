package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.security.Role;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two operators revoking one token at once: the token's version makes the one whose copy is
 * outdated fail, instead of overwriting who revoked it and when.
 */
class ConcurrentRevocationTest extends PostgresIntegrationTest {

    @Autowired
    StoredTokens tokens;

    @Autowired
    AdminTokenRepository repository;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void refusesARevocationBasedOnACopyReadBeforeAnotherOne() {
        UUID id = tokens.issue("carol", Role.ADMIN, "admin").token().id();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    AdminToken copy = repository.findById(id).orElseThrow();
                    // Another operator revokes it meanwhile, in a transaction of their own.
                    CompletableFuture.runAsync(() -> tokens.revoke(id, "bob")).join();
                    copy.revoke("alice", clock.instant());
                    repository.flush();
                }))
                .isInstanceOf(OptimisticLockingFailureException.class);

        assertThat(jdbc.sql("SELECT revoked_by FROM admin_token WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("bob");
    }
}
