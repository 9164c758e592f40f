-- What the service saw when it checked a site itself, from the host's own network.
CREATE TABLE verification (
    id           uuid        PRIMARY KEY,
    incident_id  uuid        NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    checked_at   timestamptz NOT NULL,
    url          text        NOT NULL,
    method       text,
    status       integer,
    latency_ms   integer,
    -- timeout, dns, refused, tls, blocked, protocol or other; null when an HTTP status came back
    error        text,
    detail       text
);

CREATE INDEX verification_incident_idx ON verification (incident_id, checked_at DESC);
-- At most one check of a URL per interval, whichever incidents it belongs to.
CREATE INDEX verification_url_idx ON verification (url, checked_at DESC);

-- One alert per incident transition and channel, delivered (and retried) from this outbox.
CREATE TABLE alert (
    id               uuid        PRIMARY KEY,
    incident_id      uuid        NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    transition       text        NOT NULL,
    channel          text        NOT NULL,
    created_at       timestamptz NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    CONSTRAINT alert_transition_known CHECK (transition IN ('opened', 'maintenance-overran', 'recovered')),
    CONSTRAINT alert_status_known CHECK (status IN ('pending', 'delivered', 'failed')),
    CONSTRAINT alert_once_per_transition UNIQUE (incident_id, transition, channel)
);

CREATE INDEX alert_due_idx ON alert (next_attempt_at) WHERE status = 'pending';
