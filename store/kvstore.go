package store

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// kvEntry is one row of kv_entries.
type kvEntry struct {
	Namespace string
	EntryKey  string
	Value     []byte
	ExpiresAt int64 // unix seconds; 0 = never
}

func (kvEntry) TableName() string { return "kv_entries" }

// KVStore is a fiber.Storage kept in the database. Sessions, CSRF tokens and rate-limit
// counters live here so that they survive a restart and every app process sees the same.
// Each user of the store gets its own namespace.
type KVStore struct {
	db        *gorm.DB
	namespace string
	now       func() time.Time
}

// NewKVStore returns the store for one namespace ("session", "csrf", …).
func NewKVStore(db *gorm.DB, namespace string, now func() time.Time) *KVStore {
	return &KVStore{db: db, namespace: namespace, now: now}
}

// Get returns the value of key, or nil when it is missing or expired.
func (s *KVStore) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	var e kvEntry
	err := s.db.Select("value").
		Where("namespace = ? AND entry_key = ? AND (expires_at = 0 OR expires_at > ?)", s.namespace, key, s.now().Unix()).
		Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("kvstore: unable to get %s entry: %w", s.namespace, err)
	}
	return e.Value, nil
}

// Set stores value under key; exp 0 means it never expires.
func (s *KVStore) Set(key string, value []byte, exp time.Duration) error {
	if key == "" || len(value) == 0 {
		return nil
	}
	e := kvEntry{Namespace: s.namespace, EntryKey: key, Value: value}
	if exp > 0 {
		e.ExpiresAt = s.now().Add(exp).Unix()
	}
	err := s.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "namespace"}, {Name: "entry_key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "expires_at"}),
	}).Create(&e).Error
	if err != nil {
		return fmt.Errorf("kvstore: unable to set %s entry: %w", s.namespace, err)
	}
	return nil
}

// Delete removes key.
func (s *KVStore) Delete(key string) error {
	if key == "" {
		return nil
	}
	err := s.db.Where("namespace = ? AND entry_key = ?", s.namespace, key).Delete(&kvEntry{}).Error
	if err != nil {
		return fmt.Errorf("kvstore: unable to delete %s entry: %w", s.namespace, err)
	}
	return nil
}

// Reset removes every entry of the namespace.
func (s *KVStore) Reset() error {
	if err := s.db.Where("namespace = ?", s.namespace).Delete(&kvEntry{}).Error; err != nil {
		return fmt.Errorf("kvstore: unable to reset %s: %w", s.namespace, err)
	}
	return nil
}

// Close does nothing: the database pool belongs to the application.
func (s *KVStore) Close() error { return nil }

// DeleteExpiredKV removes expired entries of every namespace and returns how many.
func DeleteExpiredKV(db *gorm.DB, now time.Time) (int64, error) {
	res := db.Where("expires_at > 0 AND expires_at <= ?", now.Unix()).Delete(&kvEntry{})
	if res.Error != nil {
		return 0, fmt.Errorf("kvstore: unable to delete expired entries: %w", res.Error)
	}
	return res.RowsAffected, nil
}
