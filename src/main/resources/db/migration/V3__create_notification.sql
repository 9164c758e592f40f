-- Every notification Monitor sent and we accepted, with the reply we gave and why.
CREATE TABLE notification (
    id              uuid        PRIMARY KEY,
    received_at     timestamptz NOT NULL,
    ts              bigint,
    raw_url         text        NOT NULL,
    normalized_url  text        NOT NULL,
    code            integer     NOT NULL,
    host            text,
    type            text,
    reply           text        NOT NULL,
    window_ids      uuid[]      NOT NULL DEFAULT '{}',
    remote_address  text,
    CONSTRAINT notification_code_range CHECK (code BETWEEN 0 AND 999)
);

CREATE INDEX notification_received_at_idx ON notification (received_at DESC, id DESC);
CREATE INDEX notification_url_idx ON notification (normalized_url, received_at DESC);
CREATE INDEX notification_host_idx ON notification (lower(host), received_at DESC);
CREATE INDEX notification_code_idx ON notification (code, received_at DESC);
