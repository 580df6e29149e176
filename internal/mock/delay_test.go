package mock

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A random delay is drawn from [delay_ms, delay_max_ms], both ends included.
func TestDelayIsDrawnFromItsRange(t *testing.T) {
	f := Fault{Kind: "delay", DelayMS: 30, DelayMaxMS: 80}
	lo, hi := time.Hour, time.Duration(0)
	for range 400 {
		d := wait(f)
		lo, hi = min(lo, d), max(hi, d)
	}
	if lo < 30*time.Millisecond || hi > 80*time.Millisecond || lo > 34*time.Millisecond || hi < 76*time.Millisecond {
		t.Errorf("400 draws ranged over [%s, %s], want across [30ms, 80ms]", lo, hi)
	}
	if d := wait(Fault{Kind: "delay", DelayMS: 30}); d != 30*time.Millisecond {
		t.Errorf("fixed delay waited %s", d)
	}
	rn, _ := startWith(t, f)
	if o := overWire(t, rn.URL, "GET", "/user/x"+auth, ""); o.status != 400 || o.took < 30*time.Millisecond {
		t.Errorf("got %d after %s, want the answer after at least 30ms", o.status, o.took)
	}
}

// A client that gives up during a delay frees the mock's goroutine at once: the wait honours
// the request's context, for a GET and for a POST whose body the mock read ahead.
func TestADelayEndsWhenTheClientGivesUp(t *testing.T) {
	rn, log := startWith(t, Fault{Kind: "delay", DelayMS: 10_000})
	for _, req := range []struct{ method, target, body string }{{"GET", "/user/x" + auth, ""}, {"POST", "/user" + auth, createBody}} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		r, _ := http.NewRequestWithContext(ctx, req.method, rn.URL+req.target, strings.NewReader(req.body))
		r.Header.Set("Content-Type", "application/json")
		start := time.Now()
		_, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(r)
		cancel()
		if err == nil {
			t.Fatalf("%s answered during a 10s delay", req.method)
		}
		if !eventually(2*time.Second, func() bool { return rn.active.Load() == 0 }) {
			t.Fatalf("%s: the mock still holds the request 2s after the client left", req.method)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: freed after %s", req.method, took)
		}
	}
	if n := strings.Count(log.String(), " client-gone "); n != 2 {
		t.Errorf("%d requests logged as client-gone, want 2:\n%s", n, log.String())
	}
}

// WireMock serves delays from a pool of 10 threads, so a 50ms delay caps it near 170 req/s
// for everyone. mxmock's wait is a timer per request: with 50 clients held in a persistent
// 50ms delay of their own scope, far more than 10 are served at once, and an undelayed client
// is as fast as ever. The bounds are relative to the delay and to a worker pool, not to the
// machine's speed (the figures are logged; a loaded machine lowers the rate, not the bounds).
func TestADelayedClientDoesNotSlowOthers(t *testing.T) {
	const (
		delay       = 50 * time.Millisecond
		slowWorkers = 50
		fastCalls   = 200
	)
	rn, _ := startWith(t, Fault{Kind: "delay", DelayMS: int(delay / time.Millisecond), Scope: FaultScope{Header: "slow"}})
	slowTr := &http.Transport{MaxIdleConnsPerHost: slowWorkers}
	defer slowTr.CloseIdleConnections()
	slowClient := &http.Client{Transport: slowTr, Timeout: 10 * time.Second}
	var inFlight, slowDone, slowTooFast, slowFailed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	slowStart := time.Now()
	for range slowWorkers {
		wg.Go(func() {
			for i := 0; i < 200; i++ { // bounded even if stop never came
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("GET", rn.URL+"/user/x"+auth, nil)
				req.Header.Set(ScopeHeader, "slow")
				inFlight.Add(1)
				start := time.Now()
				resp, err := slowClient.Do(req)
				inFlight.Add(-1)
				switch {
				case err != nil || resp.StatusCode != 400:
					slowFailed.Add(1)
				case time.Since(start) < delay:
					slowTooFast.Add(1)
				}
				if err == nil {
					resp.Body.Close()
				}
				slowDone.Add(1)
			}
		})
	}
	defer func() { close(stop); wg.Wait() }()
	if !eventually(5*time.Second, func() bool { return inFlight.Load() >= slowWorkers*4/5 && slowDone.Load() > slowWorkers }) {
		t.Fatalf("the slow clients never got going: %d in flight, %d done", inFlight.Load(), slowDone.Load())
	}

	fastTr := &http.Transport{}
	defer fastTr.CloseIdleConnections()
	fast := &http.Client{Transport: fastTr, Timeout: 10 * time.Second}
	took := make([]time.Duration, 0, fastCalls)
	var maxHeld int64 // requests inside the mock at once: a pool of 10 workers would hold 10 at most
	fastStart := time.Now()
	for range fastCalls {
		maxHeld = max(maxHeld, rn.active.Load())
		start := time.Now()
		resp, err := fast.Get(rn.URL + "/user/x" + auth)
		if err != nil || resp.StatusCode != 400 {
			t.Fatalf("the fast client: %v %v", resp, err)
		}
		resp.Body.Close()
		took = append(took, time.Since(start))
	}
	fastTotal := time.Since(fastStart)
	slices.Sort(took)
	p50, p99 := took[len(took)/2], took[len(took)*99/100]
	slowRate := float64(slowDone.Load()) / time.Since(slowStart).Seconds()
	t.Logf("fast client: %d sequential requests in %s, p50 %s, p99 %s, max %s; meanwhile %d slow clients (50ms delay) "+
		"completed %d requests at %.0f req/s, up to %d held in the mock at once (race=%v)",
		fastCalls, fastTotal.Round(time.Millisecond), p50, p99, took[len(took)-1], slowWorkers, slowDone.Load(), slowRate,
		maxHeld, raceEnabled)

	// Queued behind the delays, each fast request would wait about one delay: 200 of them, 10s.
	if p50 > delay/5 || fastTotal > fastCalls*delay/2 {
		t.Errorf("the fast client was slowed: p50 %s (want under %s), total %s (want under %s)", p50, delay/5, fastTotal, fastCalls*delay/2)
	}
	if maxHeld < slowWorkers/2 {
		t.Errorf("at most %d requests held in the delay at once, want %d or more: delays take up workers", maxHeld, slowWorkers/2)
	}
	if slowFailed.Load()+slowTooFast.Load() != 0 {
		t.Errorf("slow requests: %d failed, %d answered before the delay", slowFailed.Load(), slowTooFast.Load())
	}
}

// Close does not wait out a request held in a delay: the wait ends with the server.
func TestCloseEndsHeldRequests(t *testing.T) {
	rn, _ := startWith(t, Fault{Kind: "delay", DelayMS: maxDelayMS})
	go func() { _, _ = http.Get(rn.URL + "/user/x" + auth) }()
	if !eventually(2*time.Second, func() bool { return rn.active.Load() == 1 }) {
		t.Fatal("the request never arrived")
	}
	start := time.Now()
	if err := rn.Close(); err != nil || time.Since(start) > time.Second {
		t.Errorf("Close: %v after %s, want at once", err, time.Since(start))
	}
}
