-- A maintenance window suppresses Monitor's alerts for the sites it covers while it is active.
-- Active means starts_at <= t < least(ends_at, ended_at): the interval is half-open.
-- Windows are ended (ended_at), never deleted once they could have mattered, so history stays.
CREATE TABLE maintenance_window (
    id          uuid        PRIMARY KEY,
    scope       text        NOT NULL,
    target      text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    reason      text,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    version     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT maintenance_window_scope_known CHECK (scope IN ('url', 'domain', 'host')),
    CONSTRAINT maintenance_window_target_present CHECK (length(target) BETWEEN 1 AND 4096),
    CONSTRAINT maintenance_window_ends_after_start CHECK (ends_at > starts_at)
);

-- The admin list is newest first.
CREATE INDEX maintenance_window_created_at_idx ON maintenance_window (created_at DESC, id DESC);
-- Filters by target and the "windows matching this URL" query.
CREATE INDEX maintenance_window_scope_target_idx ON maintenance_window (scope, lower(target));
-- The in-memory index loads only windows that can still matter.
CREATE INDEX maintenance_window_effective_end_idx ON maintenance_window ((least(ends_at, ended_at)));
