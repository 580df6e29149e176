package ledger_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/ledger"
)

func ids(es []ledger.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return strings.Join(out, ",")
}

func TestPendingIsCreatedMinusDeletedMembersFirst(t *testing.T) {
	f, err := ledger.Open(t.TempDir(), "mxc-run-p1")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []ledger.Entry{
		{Event: ledger.Created, Kind: "user", ID: "mxc-u1"},
		{Event: ledger.Created, Kind: "member", ID: "mxc-m1"},
		{Event: ledger.Created, Kind: "user", ID: "mxc-u2"},
		{Event: ledger.Deleted, Kind: "user", ID: "mxc-u2"},
		{Event: ledger.Deleted, Kind: "user", ID: "never-created"},
	} {
		if err := f.Note(e); err != nil {
			t.Fatal(err)
		}
	}
	if got := ids(f.Pending()); got != "mxc-m1,mxc-u1" {
		t.Fatalf("pending %s, want mxc-m1,mxc-u1", got)
	}
}

// A run's file is locked for as long as its process lives: mxsweep cannot claim it meanwhile,
// and can once the process has gone, however it went.
func TestALiveRunCannotBeClaimedADeadOneCan(t *testing.T) {
	dir := t.TempDir()
	live, err := ledger.Open(dir, "mxc-live-p1")
	if err != nil {
		t.Fatal(err)
	}
	_ = live.Note(ledger.Entry{Event: ledger.Created, Kind: "user", ID: "mxc-live-u"})
	if _, err := ledger.Claim(live.Path()); !errors.Is(err, ledger.ErrHeld) {
		t.Fatalf("claimed a live run's file: %v", err)
	}
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	claimed, err := ledger.Claim(filepath.Join(dir, "mxc-live-p1.jsonl"))
	if err != nil {
		t.Fatalf("a closed run's file cannot be claimed: %v", err)
	}
	if got := ids(claimed.Pending()); got != "mxc-live-u" {
		t.Fatalf("pending %s", got)
	}
	// A second claimer (another mxsweep) is refused while the first holds it.
	if _, err := ledger.Claim(claimed.Path()); !errors.Is(err, ledger.ErrHeld) {
		t.Fatalf("two claims at once: %v", err)
	}
	_ = claimed.Note(ledger.Entry{Event: ledger.Deleted, Kind: "user", ID: "mxc-live-u"})
	if err := claimed.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := ledger.Files(dir); len(files) != 0 {
		t.Fatalf("a settled file was kept: %v", files)
	}
}

// The lock dies with its process even when the process is killed: a child process opens a file,
// notes a resource and is killed with SIGKILL; the file can then be claimed at once.
func TestTheLockDiesWithAKilledProcess(t *testing.T) {
	if os.Getenv("LEDGER_CHILD_DIR") != "" {
		f, err := ledger.Open(os.Getenv("LEDGER_CHILD_DIR"), "mxc-killed-p1")
		if err != nil {
			os.Exit(3)
		}
		_ = f.Note(ledger.Entry{Event: ledger.Created, Kind: "user", ID: "mxc-killed-u"})
		os.Stdout.WriteString("noted\n")
		select {} // until killed
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTheLockDiesWithAKilledProcess$")
	cmd.Env = append(os.Environ(), "LEDGER_CHILD_DIR="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "noted\n" {
		t.Fatalf("child: %q %v", buf, err)
	}
	path := filepath.Join(dir, "mxc-killed-p1.jsonl")
	if _, err := ledger.Claim(path); !errors.Is(err, ledger.ErrHeld) {
		t.Fatalf("claimed while the child lives: %v", err)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	f, err := ledger.Claim(path)
	if err != nil {
		t.Fatalf("not claimable after SIGKILL: %v", err)
	}
	defer f.Close()
	if got := ids(f.Pending()); got != "mxc-killed-u" {
		t.Fatalf("pending %s", got)
	}
}

// A crash can cut a line short; the line is skipped, and the next note starts a line of its own.
func TestATornLineIsSkipped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mxc-run-p1.jsonl")
	_ = os.WriteFile(path, []byte(`{"event":"created","kind":"user","id":"mxc-u1"}`+"\n"+`{"event":"created","ki`), 0o644)
	f, err := ledger.Claim(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Skipped() != 1 || ids(f.Pending()) != "mxc-u1" {
		t.Fatalf("skipped %d, pending %s", f.Skipped(), ids(f.Pending()))
	}
	_ = f.Note(ledger.Entry{Event: ledger.Deleted, Kind: "user", ID: "mxc-u1"})
	f.Close()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("settled file kept: %v", err)
	}
}

func TestBelongs(t *testing.T) {
	e := func(id, run string) ledger.Entry { return ledger.Entry{ID: id, Run: run} }
	for _, tc := range []struct {
		e      ledger.Entry
		prefix string
		want   bool
	}{
		{e("mxc-1f2e-p1-user-ab", "mxc-1f2e"), "mxc-", true},
		{e("USR-mxc-1f2e-p1-user-ab", "mxc-1f2e"), "mxc-", true},
		{e("MBR-mxc-1f2e-p1-member-ab", ""), "mxc-1f2e-", true},
		{e("USR-mxc-1f2e-p1-user-ab", "mxc-1f2e"), "mxc-9999-", false},
		{e("someone-else", "other-77"), "mxc-", false},
		{e("xmxc-1f2e", ""), "mxc-", false},
		{e("odd-guid-the-host-kept", "mxc-1f2e"), "mxc-1f2e-", true},
	} {
		if got := ledger.Belongs(tc.e, tc.prefix); got != tc.want {
			t.Errorf("Belongs(%+v, %q) = %v, want %v", tc.e, tc.prefix, got, tc.want)
		}
	}
}
