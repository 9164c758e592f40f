-- Admin tokens are edited (revoked) through the API: a version for optimistic locking, so that a
-- revocation made from an outdated read is refused rather than applied twice.
ALTER TABLE admin_token ADD COLUMN version bigint NOT NULL DEFAULT 0;
