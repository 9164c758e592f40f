-- Who changed what in the admin API, when, with the values before and after. Append-only: the
-- trigger refuses any UPDATE, DELETE or TRUNCATE.
CREATE TABLE audit_event (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    subject_type  text        NOT NULL,
    subject_id    uuid        NOT NULL,
    before        jsonb,
    after         jsonb
);

CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at DESC, id DESC);
CREATE INDEX audit_event_subject_idx ON audit_event (subject_id, occurred_at DESC);

CREATE FUNCTION refuse_audit_event_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_event_change();
