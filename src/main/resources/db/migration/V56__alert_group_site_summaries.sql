-- A fact about a few sites of a group steps the group with only those sites and a summary of the
-- others (AlertGroups.loadPartly): whether any other is not gone, their earliest untold change and
-- their earliest recovery already told. Each is an index probe here, where reading the whole
-- group for each fact made a mass outage cost the square of its size.
CREATE INDEX alert_group_site_not_gone ON alert_group_site (group_key)
    WHERE back_at IS NULL OR changed_at IS NOT NULL;
CREATE INDEX alert_group_site_changed ON alert_group_site (group_key, changed_at)
    WHERE changed_at IS NOT NULL;
CREATE INDEX alert_group_site_gone ON alert_group_site (group_key, back_at)
    WHERE back_at IS NOT NULL AND changed_at IS NULL;
