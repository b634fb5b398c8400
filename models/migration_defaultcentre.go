package models

// migration31DefaultCentreIndex lets the default centre be found without reading the
// whole centres table (issue 15). Every page that shows no centre of its visitor's own
// asks for it ("ORDER BY is_default DESC, id": a sequential scan and a sort), and the
// table is small but busy: every sign-up raises a centre's programme version, so with
// twenty centres it holds many dead row versions between two autovacuum rounds, and a
// scan reads every one of them. The partial index holds only the default centre's row.
var migration31DefaultCentreIndex = []string{
	`CREATE INDEX centres_default ON centres (id) WHERE is_default`,
}
