package ledger_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/ledger"
)

func TestPendingIsCreatedMinusDeletedMembersFirst(t *testing.T) {
	dir := t.TempDir()
	p1, _ := ledger.NewWriter(dir, "run-p1")
	p2, _ := ledger.NewWriter(dir, "run-p2")
	_ = p1.Note(ledger.Entry{Event: "created", Kind: "user", ID: "mxc-u1"})
	_ = p1.Note(ledger.Entry{Event: "created", Kind: "member", ID: "mxc-m1"})
	_ = p2.Note(ledger.Entry{Event: "created", Kind: "user", ID: "mxc-u2"})
	_ = p2.Note(ledger.Entry{Event: "deleted", Kind: "user", ID: "mxc-u2"})
	_ = p2.Note(ledger.Entry{Event: "created", Kind: "user", ID: "other-u3"})
	got, err := ledger.Pending(dir, "mxc-")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if strings.Join(ids, ",") != "mxc-m1,mxc-u1" {
		t.Fatalf("pending %v, want [mxc-m1 mxc-u1]", ids)
	}
}

// A crash can cut the last line short; that line is skipped, a bad line elsewhere is an error.
func TestATornLastLineIsSkipped(t *testing.T) {
	dir := t.TempDir()
	w, _ := ledger.NewWriter(dir, "run-p1")
	_ = w.Note(ledger.Entry{Event: "created", Kind: "user", ID: "mxc-u1"})
	f, _ := os.OpenFile(filepath.Join(dir, "run-p1.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"event":"created","ki`)
	f.Close()
	if got, err := ledger.Pending(dir, "mxc-"); err != nil || len(got) != 1 {
		t.Fatalf("pending %v, %v", got, err)
	}
	_ = os.WriteFile(filepath.Join(dir, "run-p2.jsonl"), []byte("nonsense\n{\"event\":\"created\",\"id\":\"mxc-x\"}\n"), 0o644)
	if _, err := ledger.Pending(dir, "mxc-"); err == nil || !strings.Contains(err.Error(), "run-p2.jsonl line 1") {
		t.Fatalf("err = %v", err)
	}
}
