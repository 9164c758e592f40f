-- Open incidents are now checked again until they close, even after a check saw the site up:
-- those whose checks had stopped that way are due again (the verifier still spaces checks of a
-- URL by its interval).
UPDATE incident SET next_check_at = now() WHERE closed_at IS NULL AND next_check_at IS NULL;
