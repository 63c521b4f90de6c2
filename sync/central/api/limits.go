package api

import (
	"container/list"
	"context"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// What a request without a credential central accepts may cost central: one request per
// connection, its body within a few seconds, and, for pairing, a few failed codes a minute
// from one client address.

// DefaultUnauthenticatedTimeout is how long a request has to send its body before a
// credential is accepted: pairing bodies are a few dozen bytes.
const DefaultUnauthenticatedTimeout = 5 * time.Second

// PairingLimit bounds failed pairing attempts (an unknown, spent or expired code, or a code
// made for another till) per client address. Zero fields take the defaults.
type PairingLimit struct {
	// Failures within Window lock the address out (default 10 in 1 minute); it may also
	// have no more than Failures attempts in flight at once.
	Failures int
	Window   time.Duration
	// Lockout is how long a locked address is answered 429 without its code being looked
	// at (default 5 minutes).
	Lockout time.Duration
	// Addresses is how many client addresses are kept at most (default 10,000); beyond,
	// the one seen longest ago is forgotten, so the memory stays bounded whoever knocks.
	Addresses int
}

func (l PairingLimit) withDefaults() PairingLimit {
	if l.Failures <= 0 {
		l.Failures = 10
	}
	if l.Window <= 0 {
		l.Window = time.Minute
	}
	if l.Lockout <= 0 {
		l.Lockout = 5 * time.Minute
	}
	if l.Addresses <= 0 {
		l.Addresses = 10_000
	}
	return l
}

// pairLimiter counts failed pairing attempts per client key (clientKey).
type pairLimiter struct {
	limit PairingLimit
	now   func() time.Time

	mu    sync.Mutex
	byKey map[string]*list.Element // of *pairClient, in order: front seen last
	order *list.List
}

type pairClient struct {
	key      string
	since    time.Time // the start of the window failures are counted in
	failures int
	inFlight int       // attempts admitted and not done yet
	until    time.Time // locked out until then
}

func newPairLimiter(limit PairingLimit, now func() time.Time) *pairLimiter {
	return &pairLimiter{limit: limit.withDefaults(), now: now, byKey: map[string]*list.Element{}, order: list.New()}
}

// client finds key's record, or starts one, as the one seen last; beyond the limit of
// addresses the one seen longest ago is forgotten. Called with mu held.
func (l *pairLimiter) client(key string, now time.Time) *pairClient {
	if e, ok := l.byKey[key]; ok {
		l.order.MoveToFront(e)
		return e.Value.(*pairClient)
	}
	c := &pairClient{key: key, since: now}
	l.byKey[key] = l.order.PushFront(c)
	for l.order.Len() > l.limit.Addresses {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.byKey, oldest.Value.(*pairClient).key)
	}
	return c
}

// admit says whether key may try a code now. When not, wait is how long it should wait
// and locked says it is locked out (rather than having too many attempts in flight). An
// admitted attempt must be ended with done.
func (l *pairLimiter) admit(key string) (wait time.Duration, locked, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	c := l.client(key, now)
	switch {
	case now.Before(c.until):
		return c.until.Sub(now), true, false
	case now.Sub(c.since) >= l.limit.Window:
		c.since, c.failures = now, 0
	}
	if c.failures+c.inFlight >= l.limit.Failures {
		return time.Second, false, false
	}
	c.inFlight++
	return 0, false, true
}

// done ends an attempt admit let through; a failed one is counted. failures is the count
// in the window, and locked says this failure locked key out.
func (l *pairLimiter) done(key string, failed bool) (failures int, locked bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	c := l.client(key, now)
	if c.inFlight > 0 {
		c.inFlight--
	}
	if !failed {
		return c.failures, false
	}
	if now.Sub(c.since) >= l.limit.Window {
		c.since, c.failures = now, 0
	}
	c.failures++
	failures = c.failures
	if c.failures >= l.limit.Failures {
		// The window starts again when the lockout ends.
		c.until, c.since, c.failures = now.Add(l.limit.Lockout), now.Add(l.limit.Lockout), 0
		return failures, true
	}
	return failures, false
}

// clientAddr is the address a request comes from: the connection's peer, or, when that is
// one of TrustedProxies, the last address X-Forwarded-For names that is not a trusted
// proxy (the one the proxies saw). Without trusted proxies X-Forwarded-For is ignored: a
// client could write anything there. Invalid when RemoteAddr is not an address (it always
// is for a real connection).
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	addr := ap.Addr().Unmap()
	if !s.trustedProxy(addr) {
		return addr
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return addr // what the proxies did not write cannot be believed
		}
		addr = hop.Unmap()
		if !s.trustedProxy(addr) {
			return addr
		}
	}
	return addr
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientKey is what failed pairings are counted under: an IPv4 address, or an IPv6
// address's /64 (one customer line usually holds a whole /64).
func clientKey(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is6():
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}

// drainGrace is how long the rest of a refused request's body is read, at most, before
// its connection closes: as long as net/http lingers on a connection it closes early.
const drainGrace = 500 * time.Millisecond

// startKey carries when a request's handling began.
type startKey struct{}

// guard makes every request pay as one without a credential until one is accepted
// (authenticated): its answer closes the connection, so a client without a credential
// never holds one idle, and its body must arrive within UnauthenticatedTimeout. A request
// is handed to the handler as soon as its headers are read, and every handler checks the
// credential before it reads a byte of the body, so a refused request is answered at once,
// without waiting for a body that may trickle in for minutes.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		rc := http.NewResponseController(w)
		w.Header().Set("Connection", "close")
		if r.ContentLength != 0 {
			// Only with a body to come: a request without one is being watched by the
			// server for its client hanging up, which a deadline would turn into a
			// cancelled request.
			rc.SetReadDeadline(now.Add(s.unauthenticatedTimeout()))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), startKey{}, now)))
		if r.ContentLength != 0 && w.Header().Get("Connection") == "close" {
			// After the answer the server drains up to 256 KiB of a body not read before it
			// closes, so that a client that sends its whole body before it reads gets the
			// answer rather than a reset. A client sending at a normal pace is done within
			// drainGrace; a trickling one is not waited for any longer.
			deadline := time.Now().Add(drainGrace)
			if body := now.Add(s.unauthenticatedTimeout()); body.Before(deadline) {
				deadline = body
			}
			rc.SetReadDeadline(deadline)
		}
	})
}

// authenticated gives a request whose credential central accepted what guard held back:
// the connection may be kept for the next request, and the body has the server's
// ReadTimeout (from when the request came), or no deadline when the server sets none.
func (s *Server) authenticated(w http.ResponseWriter, r *http.Request) {
	w.Header().Del("Connection")
	if r.ContentLength == 0 {
		return
	}
	var deadline time.Time
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	start, ok := r.Context().Value(startKey{}).(time.Time)
	if srv != nil && srv.ReadTimeout > 0 && ok {
		deadline = start.Add(srv.ReadTimeout)
	}
	http.NewResponseController(w).SetReadDeadline(deadline)
}

func (s *Server) unauthenticatedTimeout() time.Duration {
	if s.UnauthenticatedTimeout > 0 {
		return s.UnauthenticatedTimeout
	}
	return DefaultUnauthenticatedTimeout
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
