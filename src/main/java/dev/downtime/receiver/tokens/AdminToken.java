package dev.downtime.receiver.tokens;

import dev.downtime.receiver.security.Role;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An admin token issued to a person through the API: only the SHA-256 digest of its secret is
 * kept. It is revoked, never deleted, so that the audit log keeps its meaning; a revoked token
 * cannot be revoked again.
 */
@Entity
@Table(name = "admin_token")
class AdminToken {

    @Id
    private UUID id;

    private String name;

    @Convert(converter = RoleColumn.class)
    private Role role;

    @Column(name = "token_sha256", updatable = false)
    private byte[] tokenSha256;

    @Column(updatable = false)
    private String createdBy;

    @Column(updatable = false)
    private Instant createdAt;

    private @Nullable Instant revokedAt;
    private @Nullable String revokedBy;

    @Version
    private @Nullable Long version;

    /** For JPA, which sets every field. */
    @SuppressWarnings("NullAway.Init")
    protected AdminToken() {}

    AdminToken(UUID id, String name, Role role, byte[] tokenSha256, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.tokenSha256 = tokenSha256.clone();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** @throws ErrorResponseException 409 when the token is already revoked */
    void revoke(String by, Instant at) {
        if (revokedAt != null) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Admin token " + id + " is already revoked.");
            problem.setTitle("Token already revoked");
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        this.revokedAt = at;
        this.revokedBy = by;
    }

    /** The token as the API shows it: never its digest. */
    StoredTokens.Token view() {
        return new StoredTokens.Token(id, name, role, createdBy, createdAt, revokedAt, revokedBy);
    }

    UUID id() {
        return id;
    }

    /** Stored by its wire name, as the {@code admin_token_role_known} check expects. */
    @Converter
    static final class RoleColumn implements AttributeConverter<Role, String> {

        @Override
        public String convertToDatabaseColumn(Role role) {
            return role.wireName();
        }

        @Override
        public Role convertToEntityAttribute(String wireName) {
            return Role.fromWireName(wireName);
        }
    }
}
