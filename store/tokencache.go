package store

import (
	"bytes"
	"sync"
	"time"
)

// TokenCache is a fiber.Storage in front of a KVStore for CSRF tokens. Fiber's CSRF
// middleware reads and rewrites the token on every request; this process remembers the
// tokens it has seen, answers reads from memory and only writes a token back when less
// than half of its lifetime is left. Tokens are never changed, only extended or
// expired, so another process's writes cannot make a remembered answer wrong.
type TokenCache struct {
	kv  *KVStore
	now func() time.Time

	mu     sync.Mutex
	tokens map[string]cachedToken
}

type cachedToken struct {
	value   []byte
	expires time.Time // what the database holds at least
}

// maxCachedTokens bounds the memory; past it the cache starts afresh.
const maxCachedTokens = 100_000

// NewTokenCache wraps kv.
func NewTokenCache(kv *KVStore, now func() time.Time) *TokenCache {
	return &TokenCache{kv: kv, now: now, tokens: map[string]cachedToken{}}
}

// Get returns the token's value, or nil when it is unknown or expired.
func (t *TokenCache) Get(key string) ([]byte, error) {
	now := t.now()
	t.mu.Lock()
	c, ok := t.tokens[key]
	t.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.value, nil
	}
	v, err := t.kv.Get(key)
	if err != nil || v == nil {
		return v, err
	}
	// The database does not say when it expires: remember it briefly, until the Set
	// that follows in the same request extends it and records the new expiry.
	t.remember(key, v, now.Add(time.Minute))
	return v, nil
}

// Set stores the token unless this process wrote it recently enough.
func (t *TokenCache) Set(key string, value []byte, exp time.Duration) error {
	now := t.now()
	t.mu.Lock()
	c, ok := t.tokens[key]
	t.mu.Unlock()
	if ok && bytes.Equal(c.value, value) && c.expires.Sub(now) > exp/2 {
		return nil
	}
	if err := t.kv.Set(key, value, exp); err != nil {
		return err
	}
	t.remember(key, append([]byte(nil), value...), now.Add(exp))
	return nil
}

func (t *TokenCache) remember(key string, value []byte, expires time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.tokens) >= maxCachedTokens {
		t.tokens = map[string]cachedToken{}
	}
	t.tokens[key] = cachedToken{value: value, expires: expires}
}

// Delete removes the token here and in the database.
func (t *TokenCache) Delete(key string) error {
	t.mu.Lock()
	delete(t.tokens, key)
	t.mu.Unlock()
	return t.kv.Delete(key)
}

// Reset removes every token.
func (t *TokenCache) Reset() error {
	t.mu.Lock()
	t.tokens = map[string]cachedToken{}
	t.mu.Unlock()
	return t.kv.Reset()
}

// Close does nothing; the database belongs to the application.
func (t *TokenCache) Close() error { return nil }
