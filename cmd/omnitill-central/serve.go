package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/netutil"

	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/api"
	"github.com/omnitill/omnitill/sync/central/sqlite"
)

// defaultMaxConns caps the connections serve keeps open at once: far more than a chain's
// tills and web shops need, few enough that a flood of idle or slow connections cannot
// exhaust central's file descriptors and memory. Beyond it, new connections wait in the
// kernel's queue until one closes.
const defaultMaxConns = 512

func runServe(c *cli, args []string) error {
	fs := c.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8420", "address to listen on (host:port; port 0 picks a free one)")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM); serve HTTPS with --tls-key")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	auto := fs.Bool("tls-auto", false, "serve HTTPS with a self-signed certificate central makes once and keeps beside its database (DB-cert.pem, DB-key.pem); tills pin its fingerprint from the pairing string")
	insecure := fs.Bool("insecure", false, "allow plain HTTP on an address other than loopback (behind a TLS proxy on a network you trust)")
	maxConns := fs.Int("max-conns", defaultMaxConns, "most connections open at once; more wait until one closes")
	proxies := fs.String("trusted-proxy", "", "reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or CIDR prefixes); by default none")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file when central stops (go tool pprof reads it): for finding what makes central slow")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case (*cert == "") != (*key == ""):
		return usagef("--tls-cert and --tls-key go together")
	case *auto && *cert != "":
		return usagef("--tls-auto makes its own certificate: leave out --tls-cert and --tls-key")
	case *maxConns < 1:
		return usagef("--max-conns must be at least 1")
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return usagef("--trusted-proxy: %v", err)
	}
	useTLS := *cert != "" || *auto
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()

	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	gate := central.NewWriterGate() // reads take turns, the writer keeps a core
	db.Gate = gate
	srv := &http.Server{
		Handler: (&api.Server{Central: db, Log: log, TrustedProxies: trusted, Gate: gate}).Handler(),
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
	if tcp, ok := ln.Addr().(*net.TCPAddr); !useTLS && !*insecure && (!ok || !tcp.IP.IsLoopback()) {
		ln.Close()
		return usagef("%s is reachable from other machines: tills' tokens and sales would cross the network in clear. "+
			"Serve HTTPS (--tls-auto, or --tls-cert and --tls-key), listen on 127.0.0.1, or give --insecure when a TLS proxy on a network you trust stands in front", ln.Addr())
	}
	var fingerprint string
	if *auto {
		host, _, _ := net.SplitHostPort(*addr)
		crt, fp, made, err := autoCert(c.dbPath, host)
		if err != nil {
			ln.Close()
			return err
		}
		fingerprint = fp
		if made {
			certFile, _ := autoCertFiles(c.dbPath)
			log.Info("made a self-signed certificate", "file", certFile, "sha256", fp)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{crt}, MinVersion: tls.VersionTLS12}
	}
	ln = netutil.LimitListener(ln, *maxConns)
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	// Tests and scripts read the real address from this line (with --addr host:0).
	fmt.Fprintf(c.stdout, "omnitill-central serving %s://%s (database %s)\n", scheme, ln.Addr(), c.dbPath)
	if fingerprint != "" {
		fmt.Fprintf(c.stdout, "certificate SHA-256 fingerprint %s (omnitill-central pair --url %s://HOST:PORT puts it in the pairing string)\n", fingerprint, scheme)
	}

	if *cpuProfile != "" {
		stopProfile, err := profileCPU(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() {
		if useTLS {
			done <- srv.ServeTLS(ln, *cert, *key) // with --tls-auto both are "": srv.TLSConfig has it
		} else {
			done <- srv.Serve(ln)
		}
	}()
	go expireHourly(ctx, db, log)
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

// expireHourly expires unused loyalty balances once an hour while central serves (and
// once at the start), so no one has to remember a cron job.
func expireHourly(ctx context.Context, db *sqlite.DB, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		n, points, err := db.ExpirePoints(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("expiring loyalty points failed", "err", err)
		case n > 0:
			log.Info("loyalty balances expired", "customers", n, "points", points)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// parsePrefixes reads "10.0.0.5, 10.1.0.0/16": addresses and CIDR prefixes.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a prefix such as 10.1.0.0/16", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// profileCPU profiles central's CPU into file until the returned func is called.
func profileCPU(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
