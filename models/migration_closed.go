package models

// migration27ClosingChangesProgramme: closing or opening a centre again (closed_at,
// migration 23) changes what its public pages show (a closed centre's page says it is
// closed; a visitor's own centre falls back to the default), so the trigger of
// migration 16 on centres raises the programme version for that column too, and kept
// pages and ETags of that centre are renewed.
var migration27ClosingChangesProgramme = []string{
	`{postgres} DROP TRIGGER programme_changes ON centres`,
	`{postgres} CREATE TRIGGER programme_changes BEFORE UPDATE OF name, slug, address, time_zone, is_default, is_demo, closed_at
		ON centres FOR EACH ROW EXECUTE FUNCTION programme_centre_changed()`,
	`{sqlite} DROP TRIGGER programme_changes_centres`,
	`{sqlite} CREATE TRIGGER programme_changes_centres AFTER UPDATE OF name, slug, address, time_zone, is_default, is_demo, closed_at
		ON centres BEGIN
		UPDATE centres SET programme_version = programme_version + 1, programme_stamp = lower(hex(randomblob(16))) WHERE id = NEW.id;
	END`,
}
