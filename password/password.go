// Package password hashes and checks passwords with bcrypt. It is a leaf: it knows
// nothing of users, the database or HTTP (it imports only x/crypto), so the one place
// that decides how passwords are kept is small enough to read at a glance, and the
// handlers, the setup, the demo seed and the tests all hash the same way.
package password

import (
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// MaxBytes is the longest password bcrypt uses: it ignores every byte after the 72nd,
// so a longer one is refused rather than silently cut.
const MaxBytes = 72

// Hash hashes a password with bcrypt at the given cost.
func Hash(password string, cost int) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("password: unable to hash: %w", err)
	}
	return string(h), nil
}

// Matches reports whether password is the one hash was made from. An empty hash (an
// account without a password) matches nothing.
func Matches(hash, password string) bool {
	if hash == "" {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
