package main

import (
	"testing"
	"time"
)

const sampleWrk = `Running 5s test @ http://127.0.0.1:18081/user/GUID-9999?k=mxmock-api-key&c=CLT-1
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    17.08ms   38.64ms 483.68ms   93.01%
    Req/Sec     4.12k     2.81k   10.83k    67.03%
  Latency Distribution
     50%  305.00us
     75%   17.22ms
     90%   41.55ms
     99%    1.02s
  39512 requests in 5.12s, 5.50MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 39512
Requests/sec:   7717.21
Transfer/sec:      1.07MB
`

func TestParseWrk(t *testing.T) {
	r, err := parseWrk(sampleWrk)
	if err != nil {
		t.Fatal(err)
	}
	if r.ReqPerSec != 7717.21 || r.P50 != 305*time.Microsecond || r.P99 != 1020*time.Millisecond {
		t.Errorf("rate/latency: %+v", r)
	}
	if r.Requests != 39512 || r.NonSuccess != 39512 || r.SocketErrors != 5 {
		t.Errorf("counts: %+v", r)
	}
	if got := r.BytesRead / float64(r.Requests); got < 145 || got > 147 {
		t.Errorf("bytes per answer %.1f, want about 146", got)
	}
}

func TestParseWrkUnfinished(t *testing.T) {
	if _, err := parseWrk("Running 5s test @ http://127.0.0.1:1/\n"); err == nil {
		t.Error("a run without Requests/sec must be an error")
	}
}
