// Command bare is the yardstick of the load test: bare Fiber handlers on the same
// database with the same pool settings, doing one GORM INSERT per POST /visit and one
// GORM SELECT per GET /page. The app's throughput is reported as a share of these,
// measured in the same run, so the figures hold on any machine.
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// bareVisit is the row the yardstick inserts.
type bareVisit struct {
	ID        int64
	VisitedAt time.Time
	Key       string
}

func main() {
	dbURL := flag.String("db", "", "database address")
	addr := flag.String("addr", "127.0.0.1:3112", "listen address")
	conns := flag.Int("conns", 20, "maximum open connections (the app's default)")
	idle := flag.Int("idle", 20, "maximum idle connections (the app's default)")
	flag.Parse()
	db, err := models.Open(*dbURL, models.PoolConfig{MaxOpenConns: *conns, MaxIdleConns: *idle}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := db.AutoMigrate(&bareVisit{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post("/visit", func(c *fiber.Ctx) error {
		if err := db.Create(&bareVisit{VisitedAt: time.Now().UTC(), Key: c.IP()}).Error; err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusSeeOther)
	})
	app.Get("/page", func(c *fiber.Ctx) error {
		var v bareVisit
		if err := db.Order("id DESC").Limit(1).Find(&v).Error; err != nil {
			return err
		}
		c.Type("html")
		return c.SendString(fmt.Sprintf("<!DOCTYPE html><title>Bare</title><p>Last visit %d", v.ID))
	})
	app.Get("/count", func(c *fiber.Ctx) error {
		var n int64
		db.Model(&bareVisit{}).Count(&n)
		return c.SendString(fmt.Sprint(n))
	})
	if err := app.Listen(*addr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
