-- A window may recur (issue 12): an RFC 5545 rule read on the wall clock of time_zone from
-- start_local, each occurrence lasting duration_seconds of elapsed time. Occurrences are computed
-- when asked, never stored, so new tzdata moves future ones. start_local is a wall-clock reading
-- in time_zone, hence timestamp without time zone. For a recurring window, starts_at is the first
-- occurrence's start and ends_at no earlier than the end of the last one (year 3000 when open-ended),
-- so that the state filters and the in-memory load keep working on the two columns.
ALTER TABLE maintenance_window
    ADD COLUMN rrule            text,
    ADD COLUMN time_zone        text,
    ADD COLUMN start_local      timestamp,
    ADD COLUMN duration_seconds bigint,
    ADD COLUMN ends_from        timestamptz,
    ADD CONSTRAINT maintenance_window_recurrence_complete CHECK (
        (rrule IS NULL AND time_zone IS NULL AND start_local IS NULL AND duration_seconds IS NULL
             AND ends_from IS NULL)
        OR (rrule IS NOT NULL AND time_zone IS NOT NULL AND start_local IS NOT NULL
             AND duration_seconds > 0));

-- Occurrences that do not take place (EXDATE), by their local start.
CREATE TABLE maintenance_window_skip (
    window_id   uuid      NOT NULL REFERENCES maintenance_window (id) ON DELETE CASCADE,
    local_start timestamp NOT NULL,
    PRIMARY KEY (window_id, local_start)
);

-- Occurrences ended before their scheduled end; the next ones are untouched.
CREATE TABLE maintenance_window_early_end (
    window_id   uuid        NOT NULL REFERENCES maintenance_window (id) ON DELETE CASCADE,
    local_start timestamp   NOT NULL,
    ended_at    timestamptz NOT NULL,
    PRIMARY KEY (window_id, local_start, ended_at)
);

-- A change to the exceptions is a change to the schedule, whichever way it was made.
CREATE TRIGGER maintenance_window_skip_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maintenance_window_skip
    FOR EACH STATEMENT EXECUTE FUNCTION bump_maintenance_schedule_version();
CREATE TRIGGER maintenance_window_early_end_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maintenance_window_early_end
    FOR EACH STATEMENT EXECUTE FUNCTION bump_maintenance_schedule_version();
