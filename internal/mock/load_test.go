package mock

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	loadWorkers    = 16
	loadDeadline   = 60 * time.Second // the whole test; a request alone has loadPerRequest
	loadPerRequest = 5 * time.Second  // past it a request is a hang, counted as a transport error
	loadHeapLimit  = 64 << 20         // peak HeapInuse: ~13 MiB seen; 5x that, so 6 KiB leaked per request fails
	loadOutage     = "load-outage"    // the scope of the one fault: only requests that ask get 502
	loadBodyLimit  = 16 << 10         // MaxBodyBytes, so a 413 costs little to send
	loadSample     = 10 * time.Millisecond
)

// loadTally counts what came back.
type loadTally struct {
	mu         sync.Mutex
	sent       int
	byStatus   map[int]int
	transport  int      // no answer at all: refused, reset, timed out
	crashes    int      // 500 mxmock internal error: a recovered panic
	unexpected []string // wrong status or a body that breaks the envelope, first few kept
	nUnexp     int
}

func (lt *loadTally) add(status int, problem string) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	lt.sent++
	switch {
	case status == 0:
		lt.transport++
	default:
		lt.byStatus[status]++
	}
	if strings.Contains(problem, crashPrefix) {
		lt.crashes++
	}
	if problem != "" {
		if lt.nUnexp++; len(lt.unexpected) < 10 {
			lt.unexpected = append(lt.unexpected, problem)
		}
	}
}

// TestLoadLoopback sends loadRequests mixed valid and malformed requests from 16 clients over
// real TCP to mock.Start, then reads back every user it created. It fails on any transport
// error, hang, crash, wrong answer or lost write, or a heap peak over loadHeapLimit.
func TestLoadLoopback(t *testing.T) {
	cfg := testConfig()
	cfg.MaxBodyBytes = loadBodyLimit
	rn := startMock(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: loadWorkers, MaxIdleConnsPerHost: loadWorkers, DisableCompression: true}
	defer tr.CloseIdleConnections()
	lc := &loadClient{url: rn.URL, addr: strings.TrimPrefix(rn.URL, "http://"), ctx: ctx,
		http: &http.Client{Transport: tr, Timeout: loadPerRequest,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	createUser(t, rn.Server, `{"external_user_guid":"load-owner"}`)
	addFault(t, rn.Server, `{"kind":"outage","scope":{"header":"`+loadOutage+`"}}`)

	mem := sampleMemory(loadSample)
	tally := &loadTally{byStatus: map[int]int{}}
	created := make([][]string, loadWorkers) // per worker: the external guids it created
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for w := range loadWorkers {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := int(next.Add(1)) - 1
				if n >= loadRequests {
					return
				}
				status, problem, ext := lc.send(n)
				tally.add(status, problem)
				if ext != "" {
					created[w] = append(created[w], ext)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	lost := lc.verify(t, created)
	heap, sys := mem.stop()

	statuses := make([]int, 0, len(tally.byStatus))
	for s := range tally.byStatus {
		statuses = append(statuses, s)
	}
	sort.Ints(statuses)
	var by []string
	for _, s := range statuses {
		by = append(by, fmt.Sprintf("%d×%d", s, tally.byStatus[s]))
	}
	writes := 0
	for _, c := range created {
		writes += len(c)
	}
	t.Logf("load: %d requests (%d workers, race=%v) in %s = %.0f req/s; statuses %s; transport errors %d; "+
		"crashes %d (panics %d); unexpected %d; users created %d, lost %d; peak HeapInuse %.1f MiB, peak Sys %.1f MiB",
		tally.sent, loadWorkers, raceEnabled, elapsed.Round(time.Millisecond), float64(tally.sent)/elapsed.Seconds(),
		strings.Join(by, " "), tally.transport, tally.crashes, rn.Server.panics.Load(), tally.nUnexp,
		writes, lost, float64(heap)/(1<<20), float64(sys)/(1<<20))

	switch {
	case ctx.Err() != nil:
		t.Errorf("hang: the run passed its %s deadline with %d of %d requests sent", loadDeadline, tally.sent, loadRequests)
	case tally.sent != loadRequests:
		t.Errorf("%d requests sent, want %d", tally.sent, loadRequests)
	}
	if tally.transport+tally.crashes+tally.nUnexp+lost != 0 || rn.Server.panics.Load() != 0 {
		t.Errorf("transport errors %d, crashes %d, unexpected answers %d, lost writes %d:\n%s",
			tally.transport, tally.crashes, tally.nUnexp, lost, strings.Join(tally.unexpected, "\n"))
	}
	if heap > loadHeapLimit {
		t.Errorf("peak HeapInuse %d MiB, want under %d MiB", heap>>20, loadHeapLimit>>20)
	}
}

// memSampler records the peak of HeapInuse and Sys while a test runs.
type memSampler struct {
	done      chan struct{}
	wg        sync.WaitGroup
	heap, sys uint64
}

func sampleMemory(every time.Duration) *memSampler {
	m := &memSampler{done: make(chan struct{})}
	m.wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			m.heap, m.sys = max(m.heap, ms.HeapInuse), max(m.sys, ms.Sys)
			select {
			case <-m.done:
				return
			case <-tick.C:
			}
		}
	})
	return m
}

func (m *memSampler) stop() (heap, sys uint64) {
	close(m.done)
	m.wg.Wait()
	return m.heap, m.sys
}

// verify reads back every created user, loadWorkers at a time, and counts those missing or
// holding other fields than were sent.
func (lc *loadClient) verify(t *testing.T, created [][]string) int {
	var lost atomic.Int64
	var wg sync.WaitGroup
	for _, exts := range created {
		wg.Go(func() {
			for _, ext := range exts {
				status, body, err := lc.do(http.MethodGet, "/user/"+ext+auth, "", "", nil)
				var u map[string]any
				if err != nil || status != http.StatusOK || json.Unmarshal(body, &u) != nil || !sameUser(u, ext) {
					if lost.Add(1) <= 5 {
						t.Errorf("lost write: GET /user/%s: %d %s %v", ext, status, body, err)
					}
				}
			}
		})
	}
	wg.Wait()
	return int(lost.Load())
}

// raw sends bytes on a connection of its own and returns the status net/http answered, 0 if none.
func (lc *loadClient) raw(req string) int {
	conn, err := net.DialTimeout("tcp", lc.addr, loadPerRequest)
	if err != nil {
		return 0
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(loadPerRequest))
	if _, err := io.WriteString(conn, req); err != nil {
		return 0
	}
	var line [12]byte // "HTTP/1.1 400"
	if _, err := io.ReadFull(conn, line[:]); err != nil {
		return 0
	}
	var status int
	_, _ = fmt.Sscanf(string(line[9:]), "%d", &status)
	return status
}
