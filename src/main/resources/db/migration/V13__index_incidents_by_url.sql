-- The tracker finds, for a notification committed late, the incident of its URL that was open when
-- it was received; the admin API filters incidents by URL.
CREATE INDEX incident_url_idx ON incident (normalized_url, opened_at DESC);
