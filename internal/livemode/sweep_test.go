package livemode_test

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/livehost"
	"github.com/mxcontract/mxcontract/internal/report"
)

// On a host whose delete route is not the inferred one, a bare 404 confirms nothing: every
// resource stays in the ledger, the run says what it left and why, and once the route is mended
// mxsweep removes all of it.
func TestADeleteRouteElsewhereLeavesAReportedTrailThatMxsweepClears(t *testing.T) {
	host := startHost(t, livehost.Behaviour{DeleteElsewhere: true})
	book := t.TempDir()
	env := liveEnv(host.URL, book)
	res := runSuite(t, env)
	users, members := host.Holds()
	noted := map[string]bool{}
	for _, e := range pending(t, book) {
		noted[e.ID] = true
	}
	// The ledger also keeps what the run asked about but never created: no answer confirmed it gone.
	t.Logf("delete route elsewhere: the host holds %d users and %d members; the ledger notes %d", users, members, len(noted))
	if users == 0 {
		t.Fatal("the host holds nothing: the test proves nothing")
	}
	for _, name := range host.Names() {
		if !noted[name] {
			t.Errorf("the host holds %s, which the ledger does not note", name)
		}
	}
	const cause = "routes.user_delete (DELETE /user/{id}) answered 404 Not Found without MX's error"
	if !strings.Contains(res.Output, "left on the host: user ") || !strings.Contains(res.Output, cause) {
		t.Errorf("the console does not say what was left and why:\n%s", res.Output)
	}
	cat, _ := catalog.Load()
	m := report.Build(res.Report, cat)
	var html bytes.Buffer
	if err := report.WriteHTML(&html, m); err != nil {
		t.Fatal(err)
	}
	if len(m.LeftBehind) < users || !strings.Contains(html.String(), "Left on the host") || !strings.Contains(html.String(), "answered 404 Not Found without MX&#39;s error") {
		t.Errorf("the HTML report does not list what was left (%d entries)", len(m.LeftBehind))
	}

	// Still wrong: mxsweep leaves everything noted and says why.
	out, code := sweep(t, env)
	if code != 1 || !strings.Contains(out, cause) {
		t.Errorf("mxsweep on the unmended host: exit %d\n%s", code, out)
	}
	if u, m := host.Holds(); u != users || m != members {
		t.Errorf("mxsweep changed the host: %d users, %d members", u, m)
	}
	host.SetBehaviour(livehost.Behaviour{})
	out, code = sweep(t, env)
	if u, m := host.Holds(); code != 0 || u+m > 0 {
		t.Fatalf("after mending the route, mxsweep left %d users, %d members (exit %d)\n%s", u, m, code, out)
	}
	if p := pending(t, book); len(p) > 0 {
		t.Errorf("the ledger still notes %+v", p)
	}
	t.Logf("mxsweep once mended:\n%s", out)
}

// A run killed with SIGKILL mid-way leaves what it had created; mxsweep does not touch a run that
// is still going, and removes everything of a dead one, run exactly as the README gives it.
func TestAKilledRunIsSweptALiveOneIsNot(t *testing.T) {
	host := startHost(t, livehost.Behaviour{})
	host.Hold("POST /member") // the run stops at its first member, with users made before it
	book := t.TempDir()
	env := liveEnv(host.URL, book)
	cmd := exec.Command(suiteBin, "--ginkgo.no-color")
	cmd.Env = append(cmd.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(60 * time.Second)
	for host.Held() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the run never reached a member create:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	users, members := host.Holds()
	if users == 0 {
		t.Fatal("the run had created nothing before its first member")
	}

	// While it runs, mxsweep leaves it alone.
	sweepOut, code := sweep(t, env)
	if u, m := host.Holds(); u != users || m != members || code != 0 || !strings.Contains(sweepOut, "still going") {
		t.Fatalf("mxsweep touched a live run (exit %d, host %d users %d members, was %d %d):\n%s", code, u, m, users, members, sweepOut)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	host.Release() // the member create the run was waiting for goes through: the host now holds it too
	time.Sleep(50 * time.Millisecond)
	users, members = host.Holds()
	t.Logf("killed mid-way: the host holds %d users and %d members", users, members)

	// The README's command, from the repository root, with the run's configuration.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	goRun := exec.CommandContext(ctx, "go", "run", "./cmd/mxsweep")
	goRun.Dir = repoRoot
	goRun.Env = append(goRun.Environ(), env...)
	swept, err := goRun.CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./cmd/mxsweep: %v\n%s", err, swept)
	}
	if u, m := host.Holds(); u+m > 0 {
		t.Fatalf("after go run ./cmd/mxsweep the host still holds %d users and %d members:\n%s", u, m, swept)
	}
	if p := pending(t, book); len(p) > 0 {
		t.Errorf("the ledger still notes %+v", p)
	}
	t.Logf("go run ./cmd/mxsweep:\n%s", swept)
}
