package dev.downtime.receiver.tokens;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.security.ConfiguredTokenNames;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.security.SecretTokens;
import dev.downtime.receiver.web.FieldConflictException;
import dev.downtime.receiver.web.InvalidRequestException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Admin tokens issued to people through the API. Only the SHA-256 digest of a token is stored;
 * the token itself is returned once, when created. Revoked tokens stay, for the audit log. Tokens
 * are checked against {@link ActiveTokens}, in memory, never by a query per request.
 */
@Service
class StoredTokens {

    private static final String COLUMNS = "id, name, role, created_by, created_at, revoked_at, revoked_by";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ConfiguredTokenNames configuredNames;
    private final ApplicationEventPublisher events;

    StoredTokens(
            JdbcClient jdbc,
            AuditLog audit,
            Clock clock,
            ConfiguredTokenNames configuredNames,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.configuredNames = configuredNames;
        this.events = events;
    }

    /**
     * @return the new token, whose secret is shown this once
     * @throws FieldConflictException when an active or a configured token has the name, ignoring case
     */
    @Transactional
    IssuedToken issue(String name, Role role, String issuedBy) {
        if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.of("name", "must be 1 to 100 characters without control characters");
        }
        if (configuredNames.contains(name)) {
            throw nameTaken();
        }
        String secret = SecretTokens.generate();
        Token token = new Token(UUID.randomUUID(), name.strip(), role, issuedBy, now(), null, null);
        // The unique index on the active names is the only check, so two requests racing for one
        // name cannot both win: the second waits for the first to commit, then inserts nothing.
        int inserted = jdbc.sql("INSERT INTO admin_token (id, name, role, token_sha256, created_by, created_at)"
                        + " VALUES (:id, :name, :role, :digest, :createdBy, :createdAt)"
                        + " ON CONFLICT (lower(name)) WHERE revoked_at IS NULL DO NOTHING")
                .param("id", token.id())
                .param("name", token.name())
                .param("role", role.wireName())
                .param("digest", SecretTokens.sha256(secret))
                .param("createdBy", issuedBy)
                .param("createdAt", utc(token.createdAt()))
                .update();
        if (inserted == 0) {
            throw nameTaken();
        }
        audit.record(issuedBy, "token.created", "token", token.id(), null, token);
        events.publishEvent(new TokensChanged());
        return new IssuedToken(token, secret);
    }

    @Transactional(readOnly = true)
    List<Token> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM admin_token ORDER BY created_at DESC, id DESC")
                .query((rs, row) -> map(rs))
                .list();
    }

    @Transactional
    Token revoke(UUID id, String revokedBy) {
        Token before = jdbc.sql("SELECT " + COLUMNS + " FROM admin_token WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional()
                .orElseThrow(
                        () -> problem(HttpStatus.NOT_FOUND, "Token not found", "No admin token has id " + id + "."));
        if (before.revokedAt() != null) {
            throw problem(HttpStatus.CONFLICT, "Token already revoked", "Admin token " + id + " is already revoked.");
        }
        Token after = new Token(
                before.id(), before.name(), before.role(), before.createdBy(), before.createdAt(), now(), revokedBy);
        jdbc.sql("UPDATE admin_token SET revoked_at = :at, revoked_by = :by WHERE id = :id")
                .param("at", utc(after.revokedAt()))
                .param("by", revokedBy)
                .param("id", id)
                .update();
        audit.record(revokedBy, "token.revoked", "token", id, before, after);
        events.publishEvent(new TokensChanged());
        return after;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Token map(ResultSet rs) throws SQLException {
        OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
        return new Token(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                Role.fromWireName(rs.getString("role")),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                revokedAt == null ? null : revokedAt.toInstant(),
                rs.getString("revoked_by"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The audit log and createdBy name an operator by name alone: two holders of one name could not be told apart. */
    private static FieldConflictException nameTaken() {
        return new FieldConflictException(
                "name", "is already used by an active or a configured token (names are compared ignoring case)");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** A token as the API shows it: never its secret or digest. */
    record Token(
            UUID id,
            String name,
            Role role,
            String createdBy,
            Instant createdAt,
            @Nullable Instant revokedAt,
            @Nullable String revokedBy) {}

    record IssuedToken(Token token, String secret) {}
}
