// Package bench holds the performance benchmarks of Ons Huis. They build a realistic
// centre (40 weekly activities, 3 years of sessions, a few hundred residents) on a fresh
// database and drive the app through a real HTTP listener on 127.0.0.1. The visitor
// dashboard, check-in and printables benchmarks add 3 years of visits: about 350 a
// week, and a million (PostgreSQL only; seeding takes a minute or two). The municipality
// benchmark (BenchmarkCentres, issue 15) builds the same centre twenty times over, with
// a year of history each, next to an installation of one, and measures both in turn.
//
// Nothing here runs during a plain `go test ./...`: the fixtures are built inside the
// Benchmark functions, which only run with -bench. The PostgreSQL variants need
// TEST_DATABASE_URL (an empty database; each run creates and drops its own schema):
//
//	TEST_DATABASE_URL='postgres://root@127.0.0.1:5432/onshuis_bench?sslmode=disable' \
//	  go test ./bench/ -run '^$' -bench . -benchtime=3s
//
// Results and the machine they were measured on are in ../BENCHMARKS.md.
package bench
