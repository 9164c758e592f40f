-- Notifications grouped per normalized URL: opened by the first failure, updated by later ones,
-- closed by a recovery (2xx). At most one open incident per URL.
CREATE TABLE incident (
    id                      uuid        PRIMARY KEY,
    normalized_url          text        NOT NULL,
    host                    text,
    opened_at               timestamptz NOT NULL,
    last_notified_at        timestamptz NOT NULL,
    closed_at               timestamptz,
    notification_count      integer     NOT NULL,
    first_code              integer     NOT NULL,
    worst_code              integer     NOT NULL,
    last_code               integer     NOT NULL,
    covered                 boolean     NOT NULL DEFAULT false,
    covering_window_ids     uuid[]      NOT NULL DEFAULT '{}',
    -- A covering window ended while the site was still down.
    maintenance_overran_at  timestamptz,
    verdict                 text        NOT NULL DEFAULT 'pending',
    up_from_our_side_at     timestamptz,
    next_check_at           timestamptz,
    CONSTRAINT incident_verdict_known
        CHECK (verdict IN ('pending', 'confirmed', 'not-reproduced', 'inconclusive'))
);

CREATE UNIQUE INDEX incident_one_open_per_url ON incident (normalized_url) WHERE closed_at IS NULL;
CREATE INDEX incident_opened_at_idx ON incident (opened_at DESC, id DESC);
CREATE INDEX incident_due_check_idx ON incident (next_check_at) WHERE closed_at IS NULL;
CREATE INDEX incident_closed_at_idx ON incident (closed_at) WHERE closed_at IS NOT NULL;

-- Which incident each notification went to; null until the tracker has seen it.
ALTER TABLE notification ADD COLUMN incident_id uuid;
ALTER TABLE notification ADD COLUMN tracked boolean NOT NULL DEFAULT false;
CREATE INDEX notification_untracked_idx ON notification (received_at, id) WHERE NOT tracked;
CREATE INDEX notification_incident_idx ON notification (incident_id) WHERE incident_id IS NOT NULL;
