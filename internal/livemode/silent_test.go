package livemode_test

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
)

// MX drops a request from an IP off its allow-list or with a bad key ("fails with no return").
// Against a host that never answers, the preflight stops the run before any spec, in under three
// times MX_TIMEOUT, with one message naming the host, the timeout and the likely causes; every
// row is reported as not run for that reason, and the run fails.
func TestAHostThatDoesNotAnswerStopsTheRunAtOnce(t *testing.T) {
	const timeout = 3 * time.Second
	refused := func() string { // nothing listens: take a free port and close it
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		defer l.Close()
		return l.Addr().String()
	}()
	silent, _ := net.Listen("tcp", "127.0.0.1:0") // accepts connections and never says a word
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	cat, _ := catalog.Load()
	for name, tc := range map[string]struct{ addr, cause string }{
		"silent":  {silent.Addr().String(), "gave no HTTP answer within 3s (MX_TIMEOUT): GET /user/{id}: timeout after 3s: the target did not answer in time (MX_TIMEOUT)"},
		"refused": {refused, "gave no HTTP answer within 3s (MX_TIMEOUT): GET /user/{id}: connection refused: nothing listens at the target address"},
	} {
		t.Run(name, func(t *testing.T) {
			book := t.TempDir()
			start := time.Now()
			res := runSuite(t, liveEnv("http://"+tc.addr, book, "MX_TIMEOUT="+timeout.String()))
			took := time.Since(start)
			t.Logf("%s host: the run ended in %s (MX_TIMEOUT %s)", name, took.Round(time.Millisecond), timeout)
			if took >= 3*timeout {
				t.Errorf("the run took %s, want under 3×MX_TIMEOUT (%s)", took, 3*timeout)
			}
			if res.Passed {
				t.Fatal("the run passed")
			}
			if n := strings.Count(res.Output, tc.cause); n != 1 {
				t.Errorf("the console names the cause %d times, want once:\n%s", n, res.Output)
			}
			for _, want := range []string{"could not test: preflight: http://" + tc.addr, "allow-list", "API key", "MX_BASE_URL", "Ran 0 of 16 Specs"} {
				if !strings.Contains(res.Output, want) {
					t.Errorf("the console lacks %q:\n%s", want, res.Output)
				}
			}
			m := report.Build(res.Report, cat)
			if m.Verdict() != report.VerdictCouldNotTest || m.Counts.NotRun != len(cat.Rows) {
				t.Errorf("report verdict %s with %+v, want could-not-test with every row not run", m.Verdict(), m.Counts)
			}
			for _, row := range m.Rows {
				if !strings.Contains(row.Reason, "could not test: preflight") {
					t.Errorf("%s: reason %q", row.ID, row.Reason)
				}
			}
			var md bytes.Buffer
			_ = report.WriteMarkdown(&md, m)
			if !strings.Contains(md.String(), "COULD NOT TEST") || !strings.Contains(md.String(), "could not test\\: preflight\\: http") || !strings.Contains(md.String(), "gave no HTTP answer within 3s") {
				t.Errorf("summary.md does not say the run could not test, and why:\n%s", md.String())
			}
			if files, _ := listLedger(book); len(files) > 0 {
				t.Errorf("a run that created nothing left ledger files: %v", files)
			}
		})
	}
}
