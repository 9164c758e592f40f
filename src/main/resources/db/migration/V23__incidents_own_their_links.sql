-- incidents folds notifications from the NotificationsCommitted event instead of polling
-- notification rows and marking them: no notification row is rewritten any more. What the tracker
-- kept on notification rows moves to tables incidents owns.

-- Which incident each notification went to (only those that went to one).
CREATE TABLE incident_notification (
    notification_id  uuid        PRIMARY KEY,
    incident_id      uuid        NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    received_at      timestamptz NOT NULL
);
CREATE INDEX incident_notification_incident_idx ON incident_notification (incident_id, received_at DESC);

-- Per URL, when the newest notification folded so far was received: one folded later that is older
-- is late (replayed from the spool, a slow commit) and changes no incident's state. Keyed by the
-- URL's digest (url_key, V15), as URLs are everywhere.
CREATE TABLE incident_url (
    url_key           bytea       PRIMARY KEY,
    normalized_url    text        NOT NULL,
    newest_folded_at  timestamptz NOT NULL
);

-- The NotificationsCommitted publications already folded, so that one handed over again (after a
-- crash between the fold's commit and its publication's completion) is not folded twice.
CREATE TABLE incident_fold (
    batch      uuid        PRIMARY KEY,
    folded_at  timestamptz NOT NULL
);
CREATE INDEX incident_fold_folded_at_idx ON incident_fold (folded_at);

-- Optimistic locking of incidents.
ALTER TABLE incident ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- Whether maintenance covered the site when the incident opened (covered may become true later, as
-- windows start): what alerts needs to know, whatever order it hears of an incident's changes in.
-- For incidents opened before this, whether they are covered now is the best there is.
ALTER TABLE incident ADD COLUMN covered_at_open boolean NOT NULL DEFAULT false;
UPDATE incident SET covered_at_open = covered;

INSERT INTO incident_notification (notification_id, incident_id, received_at)
SELECT id, incident_id, received_at FROM notification WHERE incident_id IS NOT NULL;

INSERT INTO incident_url (url_key, normalized_url, newest_folded_at)
SELECT url_key(normalized_url), normalized_url, max(received_at)
  FROM notification
 WHERE tracked AND NOT foreign_host
 GROUP BY normalized_url;

-- Notifications committed before this version but not folded yet: notifications hands each over to
-- the fold once (NotificationsCommitted), removing it from here in the same transaction.
CREATE TABLE notification_unfolded (
    id  uuid PRIMARY KEY
);
INSERT INTO notification_unfolded (id) SELECT id FROM notification WHERE NOT tracked;

DROP INDEX notification_untracked_idx;
DROP INDEX notification_incident_idx;
ALTER TABLE notification DROP COLUMN tracked, DROP COLUMN incident_id;
