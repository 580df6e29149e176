package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
)

// runIn runs the command as a user would, in a scratch directory holding the given files.
func runIn(t *testing.T, files map[string][]byte, args ...string) (dir string, code int, stdout, stderr string) {
	t.Helper()
	dir = t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return dir, code, out.String(), errOut.String()
}

func sampleJSON(t *testing.T, runID string, fail, skip []string) []byte {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return reporttest.JSON(reporttest.Sample(cat, "http://127.0.0.1:4000", runID, fail, skip))
}

func TestReportCommand(t *testing.T) {
	passing := sampleJSON(t, "aaaa1111", nil, nil)
	failing := sampleJSON(t, "bbbb2222", []string{"M3"}, []string{"U4"})
	for _, tc := range []struct {
		name     string
		files    map[string][]byte
		args     []string
		code     int
		stdout   []string          // each must be in stdout
		stderr   string            // must be in stderr
		written  map[string]string // file -> text it must contain
		unwanted []string          // files that must not exist
	}{
		{"the defaults, after make contract", map[string][]byte{"reports/report.json": failing}, nil, exitOK,
			[]string{"suite FAILED: 14 passed, 1 failed, 0 could not test, 1 skipped, 0 not run", "reports/index.html", "reports/summary.md"}, "",
			map[string]string{"reports/index.html": `<tr id="row-M3" class="fail">`, "reports/summary.md": "| ❌ fail | M3 |"}, nil},
		{"changes since a previous run", map[string][]byte{"new.json": failing, "old.json": passing},
			[]string{"--in", "new.json", "--html", "out/page.html", "--md", "", "--previous", "old.json"}, exitOK,
			[]string{"3 changes since the previous run:", "  - U4: verdict pass → skipped", "  - M3: verdict pass → fail"}, "",
			map[string]string{"out/page.html": "Changes since the previous run"}, []string{"reports/summary.md"}},
		{"no changes", map[string][]byte{"new.json": passing, "old.json": sampleJSON(t, "cccc3333", nil, nil)},
			[]string{"--in", "new.json", "--previous", "old.json"}, exitOK, []string{"No changes since the previous run."}, "",
			map[string]string{"reports/summary.md": "No changes"}, nil},
		{"no report yet", nil, nil, exitUsage, nil, "run `make contract` first", nil, []string{"reports/index.html"}},
		{"a suite that never started still gets its red page", map[string][]byte{"reports/report.json": []byte("[]")}, nil, exitOK,
			[]string{"suite FAILED: 0 passed, 0 failed, 0 could not test, 0 skipped, 16 not run"}, "the reports say so",
			map[string]string{"reports/index.html": "did not build or did not start", "reports/summary.md": "| ⚪ not run | G1 |"}, nil},
		{"not a report", map[string][]byte{"reports/report.json": []byte("<html>")}, nil, exitUsage, nil, "not a Ginkgo JSON report", nil, nil},
		{"a missing previous report", map[string][]byte{"reports/report.json": passing}, []string{"--previous", "nope.json"}, exitUsage,
			nil, "--previous: reading the run's report", nil, []string{"reports/index.html"}},
		{"an unknown flag", nil, []string{"--out", "x"}, exitUsage, nil, "flag provided but not defined: -out", nil, nil},
		{"a stray argument", nil, []string{"reports/report.json"}, exitUsage, nil, `unexpected argument "reports/report.json"`, nil, nil},
		{"help", nil, []string{"-h"}, exitOK, nil, "mxreport docs-drift [flags]", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, code, stdout, stderr := runIn(t, tc.files, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			for file, want := range tc.written {
				b, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil || !strings.Contains(string(b), want) {
					t.Errorf("%s: %v; want it to contain %q", file, err, want)
				}
			}
			for _, file := range tc.unwanted {
				if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
					t.Errorf("%s was written", file)
				}
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, "*", ".mxreport-*")); len(leftovers) > 0 {
				t.Errorf("temporary files left behind: %v", leftovers)
			}
		})
	}
}
