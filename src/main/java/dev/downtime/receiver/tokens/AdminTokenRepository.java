package dev.downtime.receiver.tokens;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AdminTokenRepository extends JpaRepository<AdminToken, UUID> {

    /** Whether an active token has the name, ignoring case, as the unique index on lower(name) compares. */
    @Query("SELECT count(t) > 0 FROM AdminToken t WHERE lower(t.name) = lower(:name) AND t.revokedAt IS NULL")
    boolean activeWithName(@Param("name") String name);
}
