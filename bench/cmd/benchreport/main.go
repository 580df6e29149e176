// Command benchreport turns the raw outputs of bench/run.sh (wrk, firstanswer, the contract
// suite's JSON reports, pprof, go test -bench) into the Markdown results page, with the targets
// of the benchmark issue checked against this run's figures only.
//
//	benchreport -raw bench/.tools/run -out bench/results/2026-11-25.md -out bench/results/latest.md
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// outputs collects repeated -out flags.
type outputs []string

func (o *outputs) String() string     { return strings.Join(*o, ",") }
func (o *outputs) Set(s string) error { *o = append(*o, s); return nil }

func main() {
	raw := flag.String("raw", "bench/.tools/run", "run.sh's raw output folder")
	var outs outputs
	flag.Var(&outs, "out", "file to write the Markdown to (repeatable)")
	flag.Parse()
	doc, summary, err := build(*raw)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchreport: %v\n", err)
		os.Exit(1)
	}
	for _, o := range outs {
		err := os.MkdirAll(filepath.Dir(o), 0o755)
		if err == nil {
			err = os.WriteFile(o, []byte(doc), 0o644) // was lost to a shadowed err: a failed write went unsaid
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchreport: %v\n", err)
			os.Exit(1)
		}
	}
	fmt.Print(summary)
}

// build reads the raw folder and returns the page and a short console summary.
func build(raw string) (string, string, error) {
	m, err := readMeta(filepath.Join(raw, "meta.txt"))
	if err != nil {
		return "", "", err
	}
	f := figures{loads: map[string]map[string]load{}, first: map[string][]float64{}, contract: map[string]contractRuns{}}
	for _, r := range routes {
		f.loads[r.key] = map[string]load{}
		for _, s := range servers {
			if f.loads[r.key][s], err = readLoad(raw, s, r.key); err != nil {
				return "", "", err
			}
		}
	}
	for _, s := range append([]string{"ceiling"}, servers...) {
		if f.first[s], err = readFirstAnswers(filepath.Join(raw, "first", s+".txt")); err != nil {
			return "", "", err
		}
	}
	for _, mode := range []string{"serial", "parallel"} {
		if f.contract[mode], err = readContract(raw, mode); err != nil {
			return "", "", err
		}
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	names := map[string]string{"mxmock": "mxmock", "ceiling": "bare net/http (ceiling)",
		"wiremock": "WireMock " + m.get("wiremock"), "prism": "Prism " + m.get("prism")}

	p("# Benchmarks: %s\n\n", m.get("date"))
	p("mxmock against a bare `net/http` server answering the same bytes (the ceiling), WireMock and Prism,\n")
	p("and the contract suite against the embedded mock, all measured in one run of `make bench` on one\n")
	p("machine of %s cores. These machines are shared and noisy: read the **ratios**, measured minutes\n", m.get("cores"))
	p("apart in the same run, not the absolute figures. How to run and read it: docs/benchmarks.md.\n\n")

	p("## Targets\n\n| target | this run | verdict |\n|---|---|---|\n")
	var summary strings.Builder
	ts := f.targets()
	for _, t := range ts {
		p("| %s | %s | %s |\n", t.what, t.measured, verdict(t))
		fmt.Fprintf(&summary, "  %-62s %-10s %s\n", t.what, t.measured, strings.Trim(verdict(t), "*"))
	}
	getShares, _ := profileShares(filepath.Join(raw, "profile", "get_user.cum"))
	if notes := f.missedNotes(ts, getShares); len(notes) > 0 {
		p("\n**What dominates where a target was missed.**\n\n")
		for _, n := range notes {
			p("- %s\n", n)
			fmt.Fprintf(&summary, "  %s\n", n)
		}
	}

	p("\n## Setup\n\n| | |\n|---|---|\n")
	for _, k := range m.keys {
		p("| %s | %s |\n", k, m.values[k])
	}

	p("\n## Load: %s, %s rounds of %s per server and route, interleaved\n\n", m.get("load tool"), m.get("rounds"), m.get("duration"))
	p("Median over the rounds. *bytes/answer* is wrk's bytes read over its requests (headers and body).\n")
	p("*statuses*: every answer had the route's status (200, or 400 for U1) and no socket error.\n\n")
	p("| route | server | req/s | p50 | p99 | bytes/answer | statuses |\n|---|---|---:|---:|---:|---:|---|\n")
	for _, r := range routes {
		for _, s := range servers {
			l := f.loads[r.key][s]
			if !l.ok {
				p("| %s | %s | not measured | | | | |\n", r.label, names[s])
				continue
			}
			p("| %s | %s | %.0f | %s | %s | %.0f | %s |\n", r.label, names[s], l.reqPerSec, ms(l.p50), ms(l.p99), l.bytesPerAnswer, statuses(r.key, l))
		}
	}

	p("\n## Ratios, mxmock over each other server (same run)\n\n")
	p("req/s: higher is better for mxmock; p99: lower is better.\n\n")
	p("| route | req/s ÷ ceiling | p99 ÷ ceiling | req/s ÷ WireMock | p99 ÷ WireMock | req/s ÷ Prism | p99 ÷ Prism |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range routes {
		p("| %s", r.label)
		for _, other := range []string{"ceiling", "wiremock", "prism"} {
			p(" | %s | %s", ratioCell(f, r.key, other, rate), ratioCell(f, r.key, other, p99))
		}
		p(" |\n")
	}

	p("\n## Time to first answer\n\nFrom just before exec to the first expected answer on GET /user/{id}, polled every 1 ms on\n")
	p("loopback (mxmock starts empty, so its first answer there is U1's 400; WireMock and Prism answer 200).\n\n")
	p("| server | runs | min / median / max (ms) |\n|---|---:|---|\n")
	for _, s := range []string{"mxmock", "wiremock", "prism", "ceiling"} {
		p("| %s | %d | %s |\n", names[s], len(f.first[s]), spread(f.first[s], "%.1f"))
	}

	p("\n## Contract suite against the embedded mock (`make contract`)\n\n")
	p("Spec time is Ginkgo's RunTime from its JSON report (all nodes, suite setup and teardown included);\n")
	p("wall is the whole `make contract` process, warm build cache. The first, cold run is not counted.\n\n")
	p("| mode | runs | Ginkgo spec time (s) min / median / max | wall (s) min / median / max | failed runs |\n|---|---:|---|---|---:|\n")
	for _, mode := range []string{"serial", "parallel"} {
		c := f.contract[mode]
		p("| %s | %d | %s | %s | %d |\n", m.get("contract "+mode), len(c.wall), spread(c.specs, "%.3f"), spread(c.wall, "%.2f"), c.failed)
	}
	if h := heaviestNodes(f.contract["serial"], 4); len(h) > 0 {
		p("\nWhere the serial spec time goes (median per node): %s.\n", strings.Join(h, ", "))
	}

	p("\n## Profile: mxmock under wrk (pprof CPU profile, %s per route)\n\n", m.get("duration"))
	for _, r := range []string{"get_user", "post_user"} {
		label := map[string]string{"get_user": "GET /user/{id}", "post_user": "POST /user"}[r]
		if shares, ok := profileShares(filepath.Join(raw, "profile", r+".cum")); ok {
			p("**%s**: %s.\n\n", label, shares)
		}
		if top, ok := profileTop(filepath.Join(raw, "profile", r+".top"), 15); ok {
			p("```\n%s\n```\n\n", top)
		}
	}

	if gb, err := os.ReadFile(filepath.Join(raw, "gobench.txt")); err == nil {
		p("## Go benchmarks (hot paths)\n\n`%s`\n\n```\n%s```\n", m.get("go benchmarks"), benchLines(string(gb)))
	}
	return b.String(), summary.String(), nil
}

func ratioCell(f figures, route, other string, of func(load) float64) string {
	if v, ok := f.ratio(route, "mxmock", other, of); ok {
		return fmt.Sprintf("%.2f×", v)
	}
	return "—"
}

// statuses checks wrk's counts: U1 must answer 400 every time, the other routes 200.
func statuses(route string, l load) string {
	bad := l.nonSuccess
	if route == "u1" {
		bad = l.requests - l.nonSuccess
	}
	switch {
	case bad == 0 && l.errs == 0:
		return "ok"
	case bad == 0:
		return fmt.Sprintf("ok, %d socket errors", l.errs)
	}
	return fmt.Sprintf("**%d of %d wrong**, %d socket errors", bad, l.requests, l.errs)
}

// benchLines keeps go test's benchmark lines and the cpu line, dropping the PASS/ok chatter.
func benchLines(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Benchmark") || strings.HasPrefix(l, "pkg:") || strings.HasPrefix(l, "cpu:") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
