package app_test

import (
	"slices"
	"testing"

	"onshuis/app/apptest"
)

// TestPackagesImportOnlyDownwards keeps ARCHITECTURE.md true: each package may import
// only the project packages listed for it here, so a renderer never learns the models
// and a leaf never grows roots. A new import that crosses a line fails here first;
// change the map and ARCHITECTURE.md together when the structure really changes.
func TestPackagesImportOnlyDownwards(t *testing.T) {
	allowed := map[string][]string{
		"handlers":   {"api", "figures", "format", "models", "notify", "password", "printables", "schemaorg", "store", "views"},
		"notify":     {"format", "models", "printables", "views"},
		"demo":       {"figures", "models", "password"},
		"backup":     {"figures", "models"},
		"figures":    {"models"},
		"views":      {"format"},
		"printables": {},
		"models":     {"format", "password"},
		"store":      {},
		"password":   {},
		"format":     {},
		"public":     {},
		"api":        {},
		"schemaorg":  {},
	}
	for dir, ok := range allowed {
		for _, imp := range apptest.ProjectImports(t, "../"+dir) {
			if !slices.Contains(ok, imp[len("onshuis/"):]) {
				t.Errorf("package %s imports %s, which ARCHITECTURE.md does not allow", dir, imp)
			}
		}
	}
}
