-- Spring Modulith's event publication registry (JDBC, schema version 2 of Modulith 2.1): one row per
-- event and listener, written in the transaction that published the event, so that an event whose
-- listener has not completed (the process died, the listener failed) is delivered again. Completed
-- publications are deleted (spring.modulith.events.completion-mode=delete). Modulith's own schema
-- initialization is off: Flyway owns the schema.
CREATE TABLE event_publication (
    id                      uuid        NOT NULL PRIMARY KEY,
    listener_id             text        NOT NULL,
    event_type              text        NOT NULL,
    serialized_event        text        NOT NULL,
    publication_date        timestamptz NOT NULL,
    completion_date         timestamptz,
    status                  text,
    completion_attempts     integer,
    last_resubmission_date  timestamptz
);

-- Modulith finds a publication by its event and listener when marking it completed.
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
