-- The audit log and createdBy record an operator by name only, so no two active tokens may share a
-- name, ignoring case. A revoked token's name may be taken again: its audit entries keep its id.
--
-- Tokens issued before this rule may already clash. The oldest active token of each name is kept;
-- the others are revoked, and the revocation is recorded in the audit log like any other.
WITH clashing AS (
    SELECT id
    FROM (SELECT id, row_number() OVER (PARTITION BY lower(name) ORDER BY created_at, id) AS rank
          FROM admin_token
          WHERE revoked_at IS NULL) ranked
    WHERE rank > 1
),
revoked AS (
    UPDATE admin_token t
    SET revoked_at = now(), revoked_by = 'migration V12 (duplicate name)'
    FROM clashing
    WHERE t.id = clashing.id
    RETURNING t.*
)
INSERT INTO audit_event (occurred_at, actor, action, subject_type, subject_id, before, after)
SELECT revoked_at, revoked_by, 'token.revoked', 'token', id,
       jsonb_build_object('id', id, 'name', name, 'role', role, 'createdBy', created_by,
                          'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                          'revokedAt', NULL, 'revokedBy', NULL),
       jsonb_build_object('id', id, 'name', name, 'role', role, 'createdBy', created_by,
                          'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                          'revokedAt', to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                          'revokedBy', revoked_by)
FROM revoked;

CREATE UNIQUE INDEX admin_token_active_name_idx ON admin_token (lower(name)) WHERE revoked_at IS NULL;
