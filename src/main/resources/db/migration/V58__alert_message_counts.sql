-- A group's message now lists the first receiver.alerts.listed-sites sites of each kind and counts
-- them all, so that a step of a mass outage's group never reads every site (issue 15). Messages
-- written before listed every site: their counts are their lists' lengths.
UPDATE alert
   SET message = message || jsonb_build_object(
           'down', jsonb_array_length(message -> 'sitesDown'),
           'confirmed', (SELECT count(*) FROM jsonb_array_elements(message -> 'sitesDown') AS site
                          WHERE site ->> 'confirmedAt' IS NOT NULL),
           'newlyDownCount', jsonb_array_length(message -> 'newlyDown'),
           'backCount', jsonb_array_length(message -> 'back'))
 WHERE message IS NOT NULL AND NOT message ? 'backCount';
