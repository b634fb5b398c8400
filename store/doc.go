// Package store keeps what the web layer needs to remember between requests, in the
// database so that every app process sees the same and a restart loses nothing that
// matters: sessions (KVStore, a fiber.Storage), the CSRF tokens of visitors who are not
// logged in (SignedTokens, which need no row, and the Secret that signs them), rate
// counters (CountHits) and the pool these live in (EphemeralURL).
//
// It holds no entity of the domain: it never imports models, handlers or views, only
// GORM and the standard library, so models can change without touching it and it can
// be tested on its own.
package store
