package livemode_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/livehost"
)

// The README's and the nightly workflow's own commands, run as they are written, from the
// repository root, against a live host on loopback: a relative MX_CONFIG means the repository's
// file, the run keeps its ledger where mxsweep looks for it with the same configuration, and the
// workflow's sweep after the suite finds nothing left.
func TestTheREADMEAndWorkflowCommands(t *testing.T) {
	host := startHost(t, livehost.Behaviour{CreateStatus: 201})
	reports, state := t.TempDir(), t.TempDir()
	// The README's environment for MX's host (the workflow's too, but for its MX_LEDGER, which
	// keeps the ledger in the checkout), MX_BASE_URL aside.
	env := append(os.Environ(), "MX_CONFIG=config/live.example.yaml", "MX_BASE_URL="+host.URL, "MX_API_KEY="+apiKey,
		"MX_CLIENT_GUID="+clientGUID, "MX_UNASSOCIATED_CLIENT_GUID="+unassociated, "XDG_STATE_HOME="+state,
		"MX_LEDGER=", "MX_TIMEOUT=", "MX_RUN_PREFIX=", "MX_MOCK_CONTROL=")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	command := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir, cmd.Env = repoRoot, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// README: MX_CONFIG=config/live.example.yaml make contract (the reports kept out of the checkout).
	out, err := command("make", "contract", "REPORTS="+reports)
	if err != nil {
		t.Fatalf("make contract: %v\n%s", err, out)
	}
	if !strings.Contains(out, "mock drift: ") || !strings.Contains(out, "where the docs speak ("+filepath.Join(reports, "mock-drift.md")+")") {
		t.Errorf("make contract printed no mock-drift line:\n%s", out)
	}
	for _, f := range []string{"junit.xml", "report.json", "index.html", "summary.md", "mock-drift.md"} {
		if _, err := os.Stat(filepath.Join(reports, f)); err != nil {
			t.Errorf("make contract left no %s: %v", f, err)
		}
	}
	if strings.Contains(out, apiKey) {
		t.Error("the key appears in make contract's output")
	}
	if u, m := host.Holds(); u+m > 0 {
		t.Errorf("the run left %d users and %d members on the host", u, m)
	}
	ledgers, _ := filepath.Glob(filepath.Join(state, "mxcontract", "ledger", "*"))
	if len(ledgers) != 1 {
		t.Fatalf("the run kept its ledger in %v, want one folder under $XDG_STATE_HOME/mxcontract/ledger", ledgers)
	}

	// README: go run ./cmd/mxsweep --dry-run; the workflow: go run ./cmd/mxsweep, always, after the suite.
	for _, args := range [][]string{{"go", "run", "./cmd/mxsweep", "--dry-run"}, {"go", "run", "./cmd/mxsweep"}} {
		out, err := command(args...)
		if err != nil || !strings.Contains(out, "mxsweep: 0 ") || !strings.Contains(out, ledgers[0]) {
			t.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
