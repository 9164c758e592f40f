package dev.downtime.receiver.tokens;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.security.ConfiguredTokenNames;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.security.SecretTokens;
import dev.downtime.receiver.web.FieldConflictException;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final AdminTokenRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final ConfiguredTokenNames configuredNames;
    private final ApplicationEventPublisher events;

    StoredTokens(
            AdminTokenRepository repository,
            AuditLog audit,
            Clock clock,
            ConfiguredTokenNames configuredNames,
            ApplicationEventPublisher events) {
        this.repository = repository;
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
        String stripped = name.strip();
        if (configuredNames.contains(stripped) || repository.activeWithName(stripped)) {
            throw nameTaken();
        }
        String secret = SecretTokens.generate();
        AdminToken token =
                new AdminToken(UUID.randomUUID(), stripped, role, SecretTokens.sha256(secret), issuedBy, now());
        try {
            repository.saveAndFlush(token);
        } catch (DataIntegrityViolationException raced) {
            // The unique index on the active names settles two requests racing for one name: the
            // second waits for the first to commit, then fails here.
            throw nameTaken();
        }
        audit.record(issuedBy, "token.created", "token", token.id(), null, token.view());
        events.publishEvent(new TokensChanged());
        return new IssuedToken(token.view(), secret);
    }

    @Transactional(readOnly = true)
    List<Token> list() {
        return repository.findAll(NEWEST_FIRST).stream().map(AdminToken::view).toList();
    }

    /**
     * @throws org.springframework.dao.OptimisticLockingFailureException when the token changed
     *     (was revoked) since it was read here: 409, like a second revocation
     */
    @Transactional
    Token revoke(UUID id, String revokedBy) {
        AdminToken token = repository
                .findById(id)
                .orElseThrow(
                        () -> problem(HttpStatus.NOT_FOUND, "Token not found", "No admin token has id " + id + "."));
        Token before = token.view();
        token.revoke(revokedBy, now());
        repository.flush();
        Token after = token.view();
        audit.record(revokedBy, "token.revoked", "token", id, before, after);
        events.publishEvent(new TokensChanged());
        return after;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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
