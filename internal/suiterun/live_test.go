package suiterun_test

import (
	"bufio"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

// startMxmock builds and starts the standalone mock on a free loopback port, as a team would in
// its own pipeline, and returns its URL.
func startMxmock(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bin := filepath.Join(t.TempDir(), "mxmock")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/mxcontract/mxcontract/cmd/mxmock").CombinedOutput(); err != nil {
		t.Fatalf("building mxmock: %v\n%s", err, out)
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"--addr", "127.0.0.1:0", "--quiet"}, args...)...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); m != "" {
				url <- m
			}
		}
	}()
	select {
	case u := <-url:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("mxmock printed no listening address within 30s")
		return ""
	}
}

// Live mode against a separately started mxmock: every spec that needs no fault injection passes,
// and the fault specs are skipped with the reason, never reported as passed.
func TestLiveModeAgainstAStandaloneMxmock(t *testing.T) {
	ctx := context.Background()
	url := startMxmock(t, "--api-key", "live-mode-key", "--clients", "CLT-live-1")
	bin, err := suiterun.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		unassociated string
		skipped      []string
	}{
		"with an unassociated client":    {"CLT-live-not-mine", []string{"G3", "G4", "M5", "U5"}},
		"without an unassociated client": {"", []string{"G3", "G4", "M5", "U4", "U5"}},
	} {
		t.Run(name, func(t *testing.T) {
			book := t.TempDir()
			res, err := suiterun.Run(ctx, bin, []string{"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=live-mode-key",
				"MX_CLIENT_GUID=CLT-live-1", "MX_UNASSOCIATED_CLIENT_GUID=" + tc.unassociated, "MX_MOCK_CONTROL=", "MX_LEDGER=" + book})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Passed {
				t.Fatalf("live-mode run failed:\n%s", res.Output)
			}
			var skipped []string
			for _, s := range suiterun.Specs(res.Report) {
				switch s.State {
				case types.SpecStateSkipped:
					skipped = append(skipped, suiterun.CatalogID(s))
					if !strings.Contains(s.Failure.Message, "MX_") {
						t.Errorf("%s skipped without naming the setting: %q", suiterun.CatalogID(s), s.Failure.Message)
					}
				case types.SpecStatePassed:
				default:
					t.Errorf("%s: %s", suiterun.CatalogID(s), s.State)
				}
			}
			slices.Sort(skipped)
			if got := strings.Join(skipped, ","); got != strings.Join(tc.skipped, ",") {
				t.Errorf("skipped %s, want %s", got, strings.Join(tc.skipped, ","))
			}
			// Every resource the run created is noted in the ledger, and deleted again.
			if files, _ := filepath.Glob(filepath.Join(book, "*.jsonl")); len(files) == 0 {
				t.Error("the live run kept no ledger")
			}
			if pending, err := ledger.Pending(book, "mxc-"); err != nil || len(pending) > 0 {
				t.Errorf("left behind: %+v %v", pending, err)
			}
			if strings.Contains(res.Output, "live-mode-key") {
				t.Error("the API key appears in the suite's output")
			}
		})
	}
}
