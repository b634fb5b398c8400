// Command seed fills the default centre of a database with visits for the load and
// dashboard benchmarks: go run ./bench/load/seed -db postgres://… -visits 55000 -weeks 156
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"onshuis/bench"
	"onshuis/models"
)

func main() {
	dbURL := flag.String("db", "", "database address (postgres://… or sqlite:file)")
	visits := flag.Int("visits", 55000, "number of visits")
	weeks := flag.Int("weeks", 156, "spread over this many weeks before now")
	flag.Parse()
	db, err := models.Open(*dbURL, models.PoolConfig{MaxOpenConns: 4}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	centre, err := models.DefaultCentre(db)
	if err != nil || centre == nil {
		fmt.Fprintln(os.Stderr, "no centre: run the app with --demo first", err)
		os.Exit(1)
	}
	start := time.Now()
	if err := bench.SeedVisits(db, centre, *weeks, *visits, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("seeded %d visits over %d weeks in %s\n", *visits, *weeks, time.Since(start).Round(time.Millisecond))
}
