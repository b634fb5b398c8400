package models

import (
	"strings"

	"gorm.io/gorm"
)

// MigrateBefore applies the migrations that come before the one whose name starts with
// name, so a test can build a database as it was before that step.
func MigrateBefore(db *gorm.DB, name string) error {
	steps := migrations()
	for i, m := range steps {
		if strings.HasPrefix(m.name, name) {
			return migrate(db, steps[:i])
		}
	}
	panic("models: no migration named " + name)
}
