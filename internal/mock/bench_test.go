package mock

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func benchConfig() Config {
	cfg := testConfig()
	cfg.MaxObjects = 1 << 30 // b.N creates must all fit
	return cfg
}

// BenchmarkGetUser measures the handler alone: checks, store lookup, cached body.
func BenchmarkGetUser(b *testing.B) {
	s := newServer(b, func(c *Config) { *c = benchConfig() })
	createUser(b, s, sampleUser)
	req := httptest.NewRequest("GET", "/user/GUID-1234"+auth, nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkCreateUser measures the handler alone: body decode, validation, guids, render.
func BenchmarkCreateUser(b *testing.B) {
	s := newServer(b, func(c *Config) { *c = benchConfig() })
	b.ReportAllocs()
	body := make([]byte, 0, 256)
	i := 0
	for b.Loop() {
		i++
		body = append(body[:0], `{"external_user_guid":"bench-`...)
		body = strconv.AppendInt(body, int64(i), 10)
		body = append(body, `","email":"richard@email.com","first_name":"Richard","last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}`...)
		req := httptest.NewRequest("POST", "/user"+auth, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// loopbackClients is how many keep-alive clients drive the loopback benchmarks at once.
const loopbackClients = 16

// BenchmarkLoopbackGetUser drives a started mock over TCP with concurrent keep-alive clients.
func BenchmarkLoopbackGetUser(b *testing.B) {
	rn, client := startForBench(b)
	createUser(b, rn.Server, sampleUser)
	url := rn.URL + "/user/GUID-1234" + auth
	runLoopback(b, func(int64) (*http.Request, error) { return http.NewRequest("GET", url, nil) }, client)
}

// BenchmarkLoopbackCreateUser creates a user per request over TCP.
func BenchmarkLoopbackCreateUser(b *testing.B) {
	rn, client := startForBench(b)
	url := rn.URL + "/user" + auth
	runLoopback(b, func(n int64) (*http.Request, error) {
		body := `{"external_user_guid":"bench-` + strconv.FormatInt(n, 10) +
			`","email":"richard@email.com","first_name":"Richard","zip_code":"12345","sex":"MALE"}`
		req, err := http.NewRequest("POST", url, bytes.NewReader([]byte(body)))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}, client)
}

func startForBench(b *testing.B) (*Running, *http.Client) {
	b.Helper()
	rn, err := Start(benchConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConns: 2 * loopbackClients, MaxIdleConnsPerHost: 2 * loopbackClients}
	b.Cleanup(func() {
		tr.CloseIdleConnections()
		_ = rn.Close()
	})
	return rn, &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// runLoopback sends b.N requests from loopbackClients goroutines, timing each one, and reports
// throughput and the latency percentiles.
func runLoopback(b *testing.B, newReq func(n int64) (*http.Request, error), client *http.Client) {
	var (
		seq   atomic.Int64
		mu    sync.Mutex
		all   []time.Duration
		start = time.Now()
	)
	b.SetParallelism((loopbackClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		lat := make([]time.Duration, 0, 1024)
		for pb.Next() {
			req, err := newReq(seq.Add(1))
			if err != nil {
				b.Error(err)
				return
			}
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body) // drain, so the connection is kept alive
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Nanoseconds()) / 1e3 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

// discardWriter is a ResponseWriter that keeps only the status, so a benchmark measures the
// handler and not httptest's recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkCreateUserHandler is a create as the handler sees it: one request value reused, its
// body rewound, answers discarded, and the store emptied (outside the timer) every 1,000
// creates, so neither httptest nor a heap grown by the benchmark itself is what is measured.
func BenchmarkCreateUserHandler(b *testing.B) {
	s := newServer(b, func(c *Config) { *c = benchConfig() })
	w := &discardWriter{h: http.Header{}}
	body := bytes.NewReader(nil)
	req := httptest.NewRequest("POST", "/user"+auth, body)
	req.Header.Set("Content-Type", "application/json")
	reset := httptest.NewRequest("POST", "/_mxmock/reset", nil)
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i++; i%1000 == 0 {
			b.StopTimer()
			s.ServeHTTP(&discardWriter{h: http.Header{}}, reset)
			b.StartTimer()
		}
		buf = append(buf[:0], `{"external_user_guid":"bench-`...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, `","email":"richard@email.com","first_name":"Richard","last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}`...)
		body.Reset(buf)
		req.ContentLength = int64(len(buf))
		req.Body = io.NopCloser(body)
		clear(w.h)
		s.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// BenchmarkGetUserHandler is a read as the handler sees it, without httptest's recorder.
func BenchmarkGetUserHandler(b *testing.B) {
	s := newServer(b, func(c *Config) { *c = benchConfig() })
	createUser(b, s, sampleUser)
	w := &discardWriter{h: http.Header{}}
	req := httptest.NewRequest("GET", "/user/GUID-1234"+auth, nil)
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		s.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
