package store

import (
	"testing"
	"time"
)

func TestSignedTokens(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens := NewSignedTokens([]byte("secret of this installation"), 12*time.Hour, clock)
	other := NewSignedTokens([]byte("secret of another one"), 12*time.Hour, clock)

	token := tokens.Generate()
	if tokens.Generate() == token {
		t.Fatal("two tokens are the same")
	}
	if v, _ := tokens.Get(token); v == nil {
		t.Fatal("a fresh token is not valid")
	}
	if v, _ := other.Get(token); v != nil {
		t.Error("a token is valid under another secret")
	}
	flipped := []byte(token)
	flipped[3] ^= 1 // another letter of the same alphabet
	for _, forged := range []string{"", "abc", token[:len(token)-1], string(flipped), token + "A"} {
		if v, _ := tokens.Get(forged); v != nil {
			t.Errorf("forged token %q is valid", forged)
		}
	}
	now = now.Add(12*time.Hour - time.Second)
	if v, _ := tokens.Get(token); v == nil {
		t.Error("a token is not valid just before its lifetime ends")
	}
	now = now.Add(time.Second)
	if v, _ := tokens.Get(token); v != nil {
		t.Error("a token is still valid when its lifetime has ended")
	}
}
