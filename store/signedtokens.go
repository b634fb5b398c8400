package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SignedTokens is the fiber.Storage of the CSRF tokens of visitors who are not logged
// in (the signed double-submit cookie of OWASP's cheat sheet). Fiber's CSRF middleware
// makes a token for every page view without one; kept in the database, every first
// visit to the programme or the door wrote a row. A signed token carries its own proof
// instead: 16 random bytes, the time it was made and an HMAC of both under a secret
// every process shares, so reading it needs no database and storing it does nothing.
// As before, the token must also match the visitor's cookie; it is valid for the
// lifetime from when it was made (a page view does not extend it).
type SignedTokens struct {
	secret   []byte
	lifetime time.Duration
	now      func() time.Time
}

const (
	tokenRandom = 16
	tokenTime   = 8
	tokenMAC    = 16 // of the SHA-256 HMAC's 32 bytes; 128 bits cannot be guessed
)

// validToken is what Get returns for a valid token: the middleware only checks that
// the storage knows it.
var validToken = []byte{1}

// NewSignedTokens returns the token store; secret is shared by every process (Secret).
func NewSignedTokens(secret []byte, lifetime time.Duration, now func() time.Time) *SignedTokens {
	return &SignedTokens{secret: secret, lifetime: lifetime, now: now}
}

// Generate makes a new token (Fiber's csrf.Config.KeyGenerator).
func (s *SignedTokens) Generate() string {
	b := make([]byte, tokenRandom+tokenTime, tokenRandom+tokenTime+tokenMAC)
	_, _ = rand.Read(b[:tokenRandom]) // crypto/rand.Read never fails (Go 1.24+)
	binary.BigEndian.PutUint64(b[tokenRandom:], uint64(s.now().Unix()))
	return base64.RawURLEncoding.EncodeToString(append(b, s.mac(b)...))
}

func (s *SignedTokens) mac(b []byte) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write(b)
	return m.Sum(nil)[:tokenMAC]
}

// Get returns a non-nil value when key is a token this installation made and it has
// not expired, else nil.
func (s *SignedTokens) Get(key string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil || len(b) != tokenRandom+tokenTime+tokenMAC {
		return nil, nil
	}
	body, sum := b[:tokenRandom+tokenTime], b[tokenRandom+tokenTime:]
	if !hmac.Equal(sum, s.mac(body)) {
		return nil, nil
	}
	made := time.Unix(int64(binary.BigEndian.Uint64(body[tokenRandom:])), 0)
	now := s.now()
	if made.After(now.Add(time.Minute)) || !now.Before(made.Add(s.lifetime)) {
		return nil, nil
	}
	return validToken, nil
}

// Set does nothing: a signed token needs no row.
func (s *SignedTokens) Set(string, []byte, time.Duration) error { return nil }

// Delete does nothing: tokens are not single-use.
func (s *SignedTokens) Delete(string) error { return nil }

// Reset does nothing.
func (s *SignedTokens) Reset() error { return nil }

// Close does nothing.
func (s *SignedTokens) Close() error { return nil }

// Secret returns the installation's secret of this name, made at the first start. It
// lives in kv_entries without expiry; processes starting together agree on one, because
// each inserts only when none exists and then reads what is there. It is read first:
// at every later start (nearly every start) that is the one statement, on the way to
// the process's first answer; the INSERT a fresh connection had to plan took as long
// as the schema check before it (issue 21).
func Secret(db *gorm.DB, name string) ([]byte, error) {
	kept := NewKVStore(db, "secret", time.Now)
	secret, err := kept.Get(name)
	if err != nil || len(secret) > 0 {
		return secret, err
	}
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	e := kvEntry{Namespace: "secret", EntryKey: name, Value: fresh}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&e).Error; err != nil {
		return nil, fmt.Errorf("store: unable to make the %s secret: %w", name, err)
	}
	if secret, err = kept.Get(name); err != nil {
		return nil, err
	}
	if len(secret) == 0 {
		return nil, errors.New("store: the " + name + " secret is missing")
	}
	return secret, nil
}
