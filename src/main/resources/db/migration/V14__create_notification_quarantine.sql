-- Notifications PostgreSQL refused to store for what they hold (a value over a limit, a constraint),
-- and spool lines that could not be read back, set aside with the reason so that they hold up
-- nothing else. The payload is bytes, not text or jsonb: it must take whatever was refused or
-- torn, NUL characters and broken UTF-8 included.
CREATE TABLE notification_quarantine (
    -- The notification's own id, so that a row refused again (replayed from the spool) is kept
    -- once; for an unreadable spool line, one derived from its segment, offset and bytes.
    id              uuid        PRIMARY KEY,
    quarantined_at  timestamptz NOT NULL,
    stage           text        NOT NULL,
    sql_state       text,
    reason          text        NOT NULL,
    payload         bytea       NOT NULL,
    CONSTRAINT notification_quarantine_stage CHECK (stage IN ('commit', 'replay', 'spool'))
);

CREATE INDEX notification_quarantine_quarantined_at_idx ON notification_quarantine (quarantined_at DESC, id DESC);
