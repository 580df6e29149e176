package livemode_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/livehost"
	"github.com/mxcontract/mxcontract/internal/suiterun"
)

const (
	apiKey       = "live-mode-test-key-0042"
	clientGUID   = "CLT-livemode-0001"
	unassociated = "CLT-livemode-not-mine"
)

// The contract suite and mxsweep, each built once for every test of this package.
var suiteBin, sweepBin, repoRoot string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "livemode-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if suiteBin, err = suiterun.Build(context.Background(), dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if sweepBin, err = suiterun.BuildCommand(context.Background(), dir, "cmd/mxsweep"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if repoRoot, err = suiterun.ModuleRoot(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}())
}

// startHost serves a stand-in for MX's host until the test ends.
func startHost(t *testing.T, b livehost.Behaviour) *livehost.Host {
	t.Helper()
	h := livehost.Start(apiKey, []string{clientGUID}, b)
	t.Cleanup(h.Close)
	return h
}

// liveEnv is the environment of a live run against the host, with its own ledger folder.
func liveEnv(url, ledgerDir string, extra ...string) []string {
	return append([]string{"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=" + apiKey, "MX_CLIENT_GUID=" + clientGUID,
		"MX_UNASSOCIATED_CLIENT_GUID=" + unassociated, "MX_MOCK_CONTROL=", "MX_MOCK_CONTROL_TOKEN=", "MX_TIMEOUT=5s",
		"MX_RUN_PREFIX=", "MX_CA_FILE=", "MX_LEDGER=" + ledgerDir}, extra...)
}

// runSuite runs the built suite against the host and returns the result.
func runSuite(t *testing.T, env []string, flags ...string) suiterun.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := suiterun.Run(ctx, suiteBin, env, flags...)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Output, apiKey) || strings.Contains(string(res.JSON), apiKey) {
		t.Error("the API key appears in the run's output or report")
	}
	return res
}

// pending is what the ledger folder still notes as created and not deleted.
func pending(t *testing.T, dir string) []ledger.Entry {
	t.Helper()
	files, err := ledger.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []ledger.Entry
	for _, path := range files {
		f, err := ledger.Claim(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, f.Pending()...)
		// Closing would remove a settled file; a test only reads.
		defer f.Close()
	}
	return out
}

// sweep runs mxsweep, built, with the run's environment, and returns its output and exit status.
func sweep(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(sweepBin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func listLedger(dir string) ([]string, error) { return ledger.Files(dir) }
