package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omnitill/omnitill/sync/central/api"
)

func runServe(c *cli, args []string) error {
	fs := c.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8420", "address to listen on (host:port; port 0 picks a free one)")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM); serve HTTPS with --tls-key")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()

	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	srv := &http.Server{
		Handler: (&api.Server{Central: db, Log: log}).Handler(),
		// Timeouts keep a slow or stalled till from holding a connection forever.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	// Tests and scripts read the real address from this line (with --addr host:0).
	fmt.Fprintf(c.stdout, "omnitill-central serving %s://%s (database %s)\n", scheme, ln.Addr(), c.dbPath)

	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() {
		if *cert != "" {
			done <- srv.ServeTLS(ln, *cert, *key)
		} else {
			done <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Let batches in flight finish: each event is its own transaction either way.
	shut, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(c.stdout, "omnitill-central stopped")
	return nil
}
