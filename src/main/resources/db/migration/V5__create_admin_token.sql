-- Per-person tokens for the admin API. Only a SHA-256 digest is stored: the token itself is shown
-- once, when it is created. Tokens are revoked, not deleted, so the audit log keeps its meaning.
CREATE TABLE admin_token (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    role          text        NOT NULL,
    token_sha256  bytea       NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoked_by    text,
    CONSTRAINT admin_token_role_known CHECK (role IN ('viewer', 'editor', 'admin')),
    CONSTRAINT admin_token_digest_length CHECK (length(token_sha256) = 32),
    CONSTRAINT admin_token_name_present CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE UNIQUE INDEX admin_token_digest_idx ON admin_token (token_sha256);
CREATE INDEX admin_token_created_at_idx ON admin_token (created_at DESC, id DESC);
