// Command onshuis runs the web platform of the community centre Ons Huis van de Wijk.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // the centre's time zone works on hosts without zone files

	"onshuis/app"
)

func main() {
	if len(os.Args) > 1 {
		if cmd, ok := commands[os.Args[1]]; ok { // onshuis backup|restore|copy …
			os.Exit(cmd(os.Args[2:], os.Getenv, os.Stdout, os.Stderr))
		}
	}
	cfg, err := app.Load(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "onshuis: configuration:", err)
		os.Exit(2)
	}
	// Start returns once the schema is up to date; the templates are still being parsed.
	// Listening now lets /healthz answer sooner; other requests wait for the templates.
	a, err := app.Start(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "onshuis: unable to start:", err)
		os.Exit(1)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	served := make(chan error, 1)
	go func() { served <- a.Fiber.Listen(cfg.Addr) }()
	if err := a.Ready(); err != nil {
		fmt.Fprintln(os.Stderr, "onshuis: unable to start:", err)
		_ = a.Shutdown(time.Second)
		os.Exit(1)
	}
	a.Log.Info("Ons Huis is running", "address", "http://"+cfg.Addr, "base_url", cfg.BaseURL)

	select {
	case err := <-served:
		a.Log.Error("server stopped", "error", err)
		_ = a.Close()
		os.Exit(1)
	case sig := <-stop:
		a.Log.Info("shutting down: finishing requests in flight", "signal", sig.String())
		if err := a.Shutdown(20 * time.Second); err != nil {
			a.Log.Error("shutdown", "error", err)
			os.Exit(1)
		}
		a.Log.Info("stopped")
	}
}
