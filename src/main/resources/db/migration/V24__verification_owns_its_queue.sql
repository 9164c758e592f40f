-- verification no longer claims rows of incident: it keeps its own queue of incidents to check,
-- fed by incidents' events (IncidentsChanged), and records a check's verdict through incidents'
-- API. A closed incident's row stays as a tombstone (closed_at), so that its events may arrive in
-- any order without reopening its checks.
CREATE TABLE verification_due (
    incident_id       uuid        PRIMARY KEY,
    url               text        NOT NULL,
    -- The code Monitor last reported: a check answering the same confirms the outage.
    last_code         integer     NOT NULL,
    -- When Monitor last reported the site down: checks stop receiver.verification.recheck-for later.
    last_reported_at  timestamptz NOT NULL,
    next_check_at     timestamptz,
    closed_at         timestamptz
);

CREATE INDEX verification_due_next_check_idx ON verification_due (next_check_at) WHERE closed_at IS NULL;
CREATE INDEX verification_due_closed_at_idx ON verification_due (closed_at) WHERE closed_at IS NOT NULL;

INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
SELECT id, normalized_url, last_code, last_notified_at, next_check_at FROM incident WHERE closed_at IS NULL;

DROP INDEX incident_due_check_idx;
ALTER TABLE incident DROP COLUMN next_check_at;

-- Each module deletes its own rows (retention asks each): no cascade from another's table.
ALTER TABLE verification DROP CONSTRAINT verification_incident_id_fkey;
