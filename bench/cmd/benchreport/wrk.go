package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// wrkRun is what one `wrk --latency` run printed that the report uses.
type wrkRun struct {
	ReqPerSec    float64
	P50, P99     time.Duration
	Requests     int64
	BytesRead    float64 // wrk rounds it (e.g. 129.96MB), so bytes per answer is approximate
	NonSuccess   int64   // "Non-2xx or 3xx responses"
	SocketErrors int64   // connect + read + write + timeout
}

// parseWrk reads wrk 4's text output. Lines it does not know are skipped; a run without a
// Requests/sec line is an error, since then wrk did not finish.
func parseWrk(out string) (wrkRun, error) {
	var r wrkRun
	seenRate := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("wrk's Requests/sec %q: %v", f[1], err)
			}
			r.ReqPerSec, seenRate = v, true
		case len(f) == 2 && (f[0] == "50%" || f[0] == "99%"):
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			if f[0] == "50%" {
				r.P50 = d
			} else {
				r.P99 = d
			}
		case len(f) >= 6 && f[1] == "requests" && f[2] == "in" && f[5] == "read":
			r.Requests, _ = strconv.ParseInt(f[0], 10, 64)
			r.BytesRead = parseWrkBytes(f[4])
		case len(f) == 5 && f[0] == "Non-2xx":
			r.NonSuccess, _ = strconv.ParseInt(f[4], 10, 64)
		case len(f) >= 2 && f[0] == "Socket" && f[1] == "errors:":
			// Socket errors: connect 0, read 0, write 0, timeout 0
			for i := 2; i+1 < len(f); i += 2 {
				n, _ := strconv.ParseInt(strings.TrimSuffix(f[i+1], ","), 10, 64)
				r.SocketErrors += n
			}
		}
	}
	if !seenRate {
		return r, fmt.Errorf("no Requests/sec line: wrk did not finish")
	}
	return r, nil
}

// parseWrkDuration reads wrk's latency figures: 305.00us, 1.97ms, 1.02s, 2.00m.
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("latency %q: %v", s, err)
			}
			return time.Duration(v * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("latency %q: unknown unit", s)
}

// parseWrkBytes reads wrk's byte counts: 512B, 5.50MB, 1.07GB (wrk's units are powers of 1024).
func parseWrkBytes(s string) float64 {
	for i, suffix := range []string{"TB", "GB", "MB", "KB", "B"} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0
			}
			for range 4 - i {
				v *= 1024
			}
			return v
		}
	}
	return 0
}
