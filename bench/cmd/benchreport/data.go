package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The servers and routes run.sh loads, in the order the tables show them. The file names under
// the raw folder use the keys.
var (
	servers = []string{"mxmock", "ceiling", "wiremock", "prism"}
	routes  = []struct{ key, label string }{
		{"get_user", "GET /user/{id}"},
		{"u1", "GET /user/{unknown} (U1, 400)"},
		{"post_user", "POST /user"},
	}
)

// meta is run.sh's meta.txt: "key: value" lines, kept in order for the setup section.
type meta struct {
	keys   []string
	values map[string]string
}

func readMeta(path string) (meta, error) {
	m := meta{values: map[string]string{}}
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		if _, seen := m.values[k]; !seen {
			m.keys = append(m.keys, k)
		}
		m.values[k] = strings.TrimSpace(v)
	}
	return m, sc.Err()
}

func (m meta) get(k string) string {
	if v, ok := m.values[k]; ok && v != "" {
		return v
	}
	return "?"
}

// load is the median over rounds of one server on one route; ok is false when nothing ran.
type load struct {
	ok               bool
	rounds           int
	reqPerSec        float64
	p50, p99         time.Duration
	bytesPerAnswer   float64
	nonSuccess, errs int64 // summed over rounds
	requests         int64
}

// readLoad reads every round of server on route; missing files mean the server was not loaded.
func readLoad(raw, server, route string) (load, error) {
	files, _ := filepath.Glob(filepath.Join(raw, "wrk", server+"__"+route+"__r*.txt"))
	var l load
	var rates, p50s, p99s, sizes []float64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return l, err
		}
		r, err := parseWrk(string(b))
		if err != nil {
			return l, fmt.Errorf("%s: %w", f, err)
		}
		rates = append(rates, r.ReqPerSec)
		p50s = append(p50s, float64(r.P50))
		p99s = append(p99s, float64(r.P99))
		if r.Requests > 0 {
			sizes = append(sizes, r.BytesRead/float64(r.Requests))
		}
		l.nonSuccess += r.NonSuccess
		l.errs += r.SocketErrors
		l.requests += r.Requests
	}
	if len(rates) == 0 {
		return l, nil
	}
	l.ok, l.rounds = true, len(rates)
	l.reqPerSec = median(rates)
	l.p50, l.p99 = time.Duration(median(p50s)), time.Duration(median(p99s))
	if len(sizes) > 0 {
		l.bytesPerAnswer = median(sizes)
	}
	return l, nil
}

// readFirstAnswers reads firstanswer's "first_answer_ms X" lines, in milliseconds.
func readFirstAnswers(path string) ([]float64, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ms []float64
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "first_answer_ms "); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				ms = append(ms, f)
			}
		}
	}
	return ms, nil
}

// contractRuns is the timing of `make contract` in one mode: Ginkgo's spec time (RunTime of
// its JSON report: every node, the suite setup and teardown included) and the process wall time.
type contractRuns struct {
	specs, wall []float64 // seconds
	failed      int       // runs whose make exited non-zero or whose suite did not succeed
	// nodes holds each spec or suite node's time over the runs, in seconds, so the report can
	// name what the spec time goes to.
	nodes map[string][]float64
}

func readContract(raw, mode string) (contractRuns, error) {
	c := contractRuns{nodes: map[string][]float64{}}
	walls, _ := filepath.Glob(filepath.Join(raw, "contract", mode+"_*.wall"))
	for _, w := range walls {
		base := strings.TrimSuffix(w, ".wall")
		wb, err := os.ReadFile(w)
		if err != nil {
			return c, err
		}
		wall, err := strconv.ParseFloat(strings.TrimSpace(string(wb)), 64)
		if err != nil {
			return c, fmt.Errorf("%s: %v", w, err)
		}
		c.wall = append(c.wall, wall)
		status, _ := os.ReadFile(base + ".status")
		var reports []struct {
			RunTime        time.Duration
			SuiteSucceeded bool
			SpecReports    []struct {
				LeafNodeType, LeafNodeText string
				RunTime                    time.Duration
			}
		}
		rb, err := os.ReadFile(base + ".json")
		if err == nil {
			err = json.Unmarshal(rb, &reports)
		}
		if err != nil || len(reports) == 0 {
			c.failed++
			continue
		}
		if strings.TrimSpace(string(status)) != "0" || !reports[0].SuiteSucceeded {
			c.failed++
		}
		c.specs = append(c.specs, reports[0].RunTime.Seconds())
		for _, sr := range reports[0].SpecReports {
			name := sr.LeafNodeType
			if id, _, ok := strings.Cut(sr.LeafNodeText, " "); ok && sr.LeafNodeType == "It" {
				name = "It " + id // the catalog row, e.g. "It O1"
			}
			c.nodes[name] = append(c.nodes[name], sr.RunTime.Seconds())
		}
	}
	return c, nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// spread formats min / median / max with the given format for each.
func spread(v []float64, format string) string {
	if len(v) == 0 {
		return "not measured"
	}
	return fmt.Sprintf(format+" / "+format+" / "+format, slices.Min(v), median(v), slices.Max(v))
}
