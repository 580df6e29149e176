package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// target is one of the goals, checked against figures of this run only.
type target struct {
	what     string
	measured string
	met      bool
	measure  bool   // false: a figure was missing, so nothing could be checked
	area     string // where to look when it is missed: "load", "start" or "suite"
}

// figures is everything the targets and tables are computed from.
type figures struct {
	loads    map[string]map[string]load // route -> server -> load
	first    map[string][]float64       // server -> ms per start
	contract map[string]contractRuns    // "serial", "parallel"
}

func (f figures) ratio(route, a, b string, of func(load) float64) (float64, bool) {
	la, lb := f.loads[route][a], f.loads[route][b]
	if !la.ok || !lb.ok || of(lb) == 0 {
		return 0, false
	}
	return of(la) / of(lb), true
}

func rate(l load) float64 { return l.reqPerSec }
func p99(l load) float64  { return float64(l.p99) }

func (f figures) targets() []target {
	var ts []target
	atLeast := func(what string, v float64, ok bool, limit float64) {
		ts = append(ts, target{what: what, measured: fmt.Sprintf("%.2f×", v), met: ok && v >= limit, measure: ok, area: "load"})
	}
	v, ok := f.ratio("get_user", "mxmock", "ceiling", rate)
	atLeast("GET /user/{id}: mxmock req/s ≥ 0.8× the bare ceiling's", v, ok, 0.8)
	v, ok = f.ratio("get_user", "mxmock", "wiremock", rate)
	atLeast("GET /user/{id}: mxmock req/s ≥ 2.5× WireMock's", v, ok, 2.5)
	v, ok = f.ratio("get_user", "mxmock", "prism", rate)
	atLeast("GET /user/{id}: mxmock req/s ≥ 12× Prism's", v, ok, 12)
	v, ok = f.ratio("get_user", "mxmock", "ceiling", p99)
	ts = append(ts, target{what: "GET /user/{id}: mxmock p99 ≤ 1.5× the ceiling's",
		measured: fmt.Sprintf("%.2f×", v), met: ok && v <= 1.5, measure: ok, area: "load"})
	// POST /user at least as good, relative to its peers, as GET (issue 15).
	v, ok = f.ratio("post_user", "mxmock", "ceiling", rate)
	atLeast("POST /user: mxmock req/s ≥ 0.7× the bare ceiling's", v, ok, 0.7)
	v, ok = f.ratio("post_user", "mxmock", "wiremock", rate)
	atLeast("POST /user: mxmock req/s ≥ 2.5× WireMock's", v, ok, 2.5)
	for _, r := range []struct{ route, name string }{
		{"get_user", "GET /user/{id}"}, {"u1", "GET /user/{unknown} (U1)"}, {"post_user", "POST /user"},
	} {
		v, ok = f.ratio(r.route, "mxmock", "ceiling", p99)
		ts = append(ts, target{what: r.name + ": mxmock p99 ≤ 2× the ceiling's",
			measured: fmt.Sprintf("%.2f×", v), met: ok && v <= 2, measure: ok, area: "load"})
	}

	first := f.first["mxmock"]
	ts = append(ts, target{what: "mxmock first answer < 50 ms from process start (median)",
		measured: fmt.Sprintf("%.1f ms", median(first)), met: len(first) > 0 && median(first) < 50, measure: len(first) > 0, area: "start"})

	serial := f.contract["serial"]
	ts = append(ts, target{what: "whole catalog < 0.5 s of Ginkgo spec time, serial (median)",
		measured: fmt.Sprintf("%.3f s", median(serial.specs)),
		met:      len(serial.specs) > 0 && median(serial.specs) < 0.5 && serial.failed == 0, measure: len(serial.specs) > 0, area: "suite"})
	ts = append(ts, target{what: "`make contract` warm < 10 s wall, serial (median)",
		measured: fmt.Sprintf("%.2f s", median(serial.wall)),
		met:      len(serial.wall) > 0 && median(serial.wall) < 10 && serial.failed == 0, measure: len(serial.wall) > 0, area: "suite"})
	return ts
}

func verdict(t target) string {
	switch {
	case !t.measure:
		return "not measured"
	case t.met:
		return "met"
	}
	return "**missed**"
}

// heaviestNodes names the nodes that take most of the spec time, by median, largest first.
func heaviestNodes(c contractRuns, n int) []string {
	type node struct {
		name string
		secs float64
	}
	var all []node
	for name, v := range c.nodes {
		all = append(all, node{name, median(v)})
	}
	slices.SortFunc(all, func(a, b node) int {
		switch {
		case a.secs > b.secs:
			return -1
		case a.secs < b.secs:
			return 1
		}
		return 0
	})
	var out []string
	for i := 0; i < n && i < len(all); i++ {
		out = append(out, fmt.Sprintf("%s %s", all[i].name, ms(time.Duration(all[i].secs*float64(time.Second)))))
	}
	return out
}

// ms formats a latency for the tables: microseconds below a millisecond, milliseconds above.
func ms(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// missedNotes says, for each area with a missed target, what dominates: the profile for the load
// targets, the bare Go binary's start for the first answer, the heaviest nodes for the suite.
func (f figures) missedNotes(ts []target, getProfile string) []string {
	missed := map[string]bool{}
	for _, t := range ts {
		if t.measure && !t.met {
			missed[t.area] = true
		}
	}
	var notes []string
	if missed["load"] {
		note := "Load: see the GET /user/{id} profile below"
		if getProfile != "" {
			note += ": " + getProfile
		}
		notes = append(notes, note+".")
	}
	if missed["start"] {
		notes = append(notes, fmt.Sprintf("First answer: the bare Go server, which does nothing but listen, took %.1f ms (median) "+
			"on this machine; the rest is mxmock's own start.", median(f.first["ceiling"])))
	}
	if missed["suite"] {
		c := f.contract["serial"]
		note := "Suite: where the serial spec time goes (median per node): " + strings.Join(heaviestNodes(c, 4), ", ")
		if c.failed > 0 {
			note += fmt.Sprintf("; %d serial runs failed (see bench/.tools/run/contract/*.log)", c.failed)
		}
		notes = append(notes, note+".")
	}
	return notes
}
