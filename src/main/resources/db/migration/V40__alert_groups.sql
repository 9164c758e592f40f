-- Grouped alerts (issue 13): one row per group and per site it knows, written by the alerts module
-- in the transaction that steps the group; see docs/alert-grouping.md.
CREATE TABLE alert_group (
    key            text        PRIMARY KEY,
    first_alert_at timestamptz NOT NULL,
    last_sent_at   timestamptz,
    next_due_at    timestamptz,
    open           boolean     NOT NULL,
    sequence       integer     NOT NULL CHECK (sequence >= 0)
);
CREATE INDEX alert_group_due ON alert_group (next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE alert_group_site (
    group_key           text        NOT NULL REFERENCES alert_group (key) ON DELETE CASCADE,
    url                 text        NOT NULL,
    host                text,
    down_since          timestamptz NOT NULL,
    alerting_since      timestamptz NOT NULL,
    confirmed_at        timestamptz,
    back_at             timestamptz,
    announced_down      boolean     NOT NULL,
    announced_confirmed boolean     NOT NULL,
    changed_at          timestamptz,
    PRIMARY KEY (group_key, url)
);
-- A site's later facts (confirmed, back) find the group its outage was put in.
CREATE INDEX alert_group_site_down ON alert_group_site (url) WHERE back_at IS NULL;

-- The outbox now holds a group's messages: one row per message and channel, the message itself
-- as JSON (rendered per channel at delivery). Rows of the per-incident alerts stay as history.
ALTER TABLE alert ALTER COLUMN incident_id DROP NOT NULL;
ALTER TABLE alert ALTER COLUMN transition DROP NOT NULL;
ALTER TABLE alert ADD COLUMN group_key text;
ALTER TABLE alert ADD COLUMN sequence integer;
ALTER TABLE alert ADD COLUMN message jsonb;
ALTER TABLE alert ADD CONSTRAINT alert_of_incident_or_group
    CHECK ((incident_id IS NOT NULL AND transition IS NOT NULL) OR (group_key IS NOT NULL AND message IS NOT NULL));
-- Per-incident alerts still pending at the upgrade cannot be sent by the grouped dispatcher.
UPDATE alert SET status = 'failed', next_attempt_at = NULL,
                 last_error = 'not sent: alerts are grouped since this version'
 WHERE status = 'pending';
-- A group's messages go out on a channel in the order they were emitted.
CREATE INDEX alert_group_order ON alert (group_key, channel, created_at) WHERE status = 'pending';
