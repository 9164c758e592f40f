-- A window's target may be a URL of up to 4096 bytes, longer than a b-tree index entry can be: the
-- index on (scope, lower(target)) refused such a window. Like the URLs of notifications and
-- incidents (V15), targets are indexed by the SHA-256 digest of their lower-case form instead;
-- queries compare the digest first, then the target itself.
DROP INDEX maintenance_window_scope_target_idx;
CREATE INDEX maintenance_window_target_key_idx ON maintenance_window (url_key(lower(target)));
