package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
)

// make contract HISTORY=path/history.json: each run is added to the file, created when missing;
// the page shows each id's strip; a corrupt file is said and left as it is; a run whose suite never
// started is not added.
func TestHistoryFlag(t *testing.T) {
	cat, _ := catalog.Load()
	dir := t.TempDir()
	t.Chdir(dir)
	history := filepath.Join(dir, "state", "history.json")
	for night, fail := range [][]string{nil, {"U1"}, nil} {
		r := reporttest.Sample(cat, "https://int-api2.moneydesktop.com", "night000"+string(rune('1'+night)), fail, nil)
		r.StartTime = r.StartTime.Add(time.Duration(night) * 24 * time.Hour)
		if err := os.WriteFile("report.json", reporttest.JSON(r), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		if code := run([]string{"--in", "report.json", "--html", "index.html", "--md", "summary.md", "--history", history}, &out, &errs); code != 0 {
			t.Fatalf("night %d: exit %d: %s", night, code, errs.String())
		}
	}
	h, err := report.ReadHistory(history)
	if err != nil || len(h.Runs) != 3 || h.Runs[1].Verdicts["U1"] != report.VerdictFail {
		t.Fatalf("history: %v %+v", err, h)
	}
	page, _ := os.ReadFile("index.html")
	md, _ := os.ReadFile("summary.md")
	if !strings.Contains(string(page), "Last 3 runs") || !strings.Contains(string(page), `flips: 2 changes`) {
		t.Error("the page shows no strip, or not U1's flips")
	}
	if !strings.Contains(string(md), "### History of the last 3 runs") || !strings.Contains(string(md), "- U1 🟩🟥🟩 **flips: 2 changes**;") {
		t.Errorf("summary.md:\n%s", md)
	}

	// A corrupt history: the reports are written, the file is left as it is, the exit says so.
	_ = os.WriteFile(history, []byte("{corrupt"), 0o644)
	var out, errs bytes.Buffer
	if code := run([]string{"--in", "report.json", "--html", "index.html", "--md", "summary.md", "--history", history}, &out, &errs); code != 2 ||
		!strings.Contains(errs.String(), "is not a history file") {
		t.Errorf("corrupt: exit %d: %s", code, errs.String())
	}
	if b, _ := os.ReadFile(history); string(b) != "{corrupt" {
		t.Error("the corrupt history was overwritten")
	}

	// A suite that never started adds nothing.
	_ = os.Remove(history)
	_ = os.WriteFile("report.json", []byte("[]"), 0o644)
	out.Reset()
	if code := run([]string{"--in", "report.json", "--html", "index.html", "--md", "summary.md", "--history", history}, &out, &errs); code != 0 ||
		!strings.Contains(out.String(), "not updated: the suite did not run") {
		t.Errorf("no suite: exit %d: %s", code, out.String())
	}
	if _, err := os.Stat(history); !os.IsNotExist(err) {
		t.Error("a run that never started made a history")
	}
}
