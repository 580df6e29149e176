// Package suiterun builds the contract suite once and runs it as a user would, reading Ginkgo's own
// JSON report: the project's tests use it to check the suite's tree and to prove it can fail.
package suiterun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/onsi/ginkgo/v2/types"
)

// Build compiles ./suites into dir and returns the binary's path.
func Build(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "suites.test")
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, "./suites")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the suite: %v\n%s", err, out)
	}
	return bin, nil
}

// BuildCommand compiles one of the module's commands (e.g. "cmd/mxmock") into dir and returns
// the binary's path.
func BuildCommand(ctx context.Context, dir, pkg string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./"+pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}

// ModuleRoot is the directory of the module's go.mod: the repository.
func ModuleRoot(ctx context.Context) (string, error) { return moduleRoot(ctx) }

// Result is one run of the suite.
type Result struct {
	Report types.Report
	Output string // the console output, for failure messages
	JSON   []byte // the JSON report as written
	Passed bool   // the binary's exit status was 0
	MaxRSS int64  // the peak resident memory of the process that ran the suite, in bytes
}

// Run runs the built suite with the environment and Ginkgo flags given (e.g. "--ginkgo.dry-run"),
// and reads back the JSON report it wrote.
func Run(ctx context.Context, bin string, env []string, flags ...string) (Result, error) {
	return run(ctx, env, func(report string) *exec.Cmd {
		args := append([]string{"--ginkgo.json-report=" + report, "--ginkgo.no-color"}, flags...)
		return exec.CommandContext(ctx, bin, args...)
	})
}

// RunParallel runs the built suite in procs parallel processes through the Ginkgo CLI pinned in
// go.mod, as `ginkgo -p` does.
func RunParallel(ctx context.Context, bin string, procs int, env []string, flags ...string) (Result, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return Result{}, err
	}
	return run(ctx, env, func(report string) *exec.Cmd {
		args := append([]string{"tool", "ginkgo", "run", fmt.Sprintf("--procs=%d", procs), "--json-report=" + report, "--no-color"}, flags...)
		cmd := exec.CommandContext(ctx, "go", append(args, bin)...)
		cmd.Dir = root
		return cmd
	})
}

func run(ctx context.Context, env []string, command func(report string) *exec.Cmd) (Result, error) {
	dir, err := os.MkdirTemp("", "suiterun-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "report.json")
	cmd := command(report)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	res := Result{Output: out.String(), Passed: runErr == nil}
	if cmd.ProcessState == nil {
		return res, fmt.Errorf("running the suite: %v", runErr)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.MaxRSS = int64(ru.Maxrss) << 10 // Linux reports kilobytes
	}
	if _, ok := runErr.(*exec.ExitError); runErr != nil && !ok {
		return res, fmt.Errorf("running the suite: %v", runErr)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		return res, fmt.Errorf("the suite wrote no report: %v\n%s", err, res.Output)
	}
	res.JSON = raw
	var reports []types.Report
	if err := json.Unmarshal(raw, &reports); err != nil || len(reports) != 1 {
		return res, fmt.Errorf("reading %s: %v (%d reports)", report, err, len(reports))
	}
	res.Report = reports[0]
	return res, nil
}

// Specs lists the It specs of a report (not the suite-level setup nodes).
func Specs(r types.Report) types.SpecReports {
	return r.SpecReports.WithLeafNodeType(types.NodeTypeIt)
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		return "", fmt.Errorf("finding the module root: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}
