// Package store keeps what the web layer needs to remember between requests, in the
// database so that every app process sees the same and a restart loses nothing that
// matters: sessions and CSRF tokens (KVStore, a fiber.Storage, with TokenCache in front
// of the CSRF tokens), rate counters (CountHits) and the pool these live in
// (EphemeralURL).
//
// It holds no entity of the domain: it never imports models, handlers or views, only
// GORM and the standard library, so models can change without touching it and it can
// be tested on its own.
package store
