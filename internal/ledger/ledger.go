// Package ledger notes the resources a live run creates and deletes, one JSON line each, in one
// file per spec process. MX v2 has no route that lists users or members, so this record is how
// mxsweep finds what a crashed run left behind.
package ledger

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Entry is one line: a resource created (noted before the create request, so a crash mid-request
// still leaves a trace) or deleted.
type Entry struct {
	Event  string    `json:"event"`  // "created" or "deleted"
	Kind   string    `json:"kind"`   // "user" or "member"
	ID     string    `json:"id"`     // the external guid the suite chose
	Delete string    `json:"delete"` // the route key that deletes it, e.g. user_delete
	At     time.Time `json:"at"`
}

// Writer appends entries to one file; safe for concurrent use.
type Writer struct {
	mu   sync.Mutex
	path string
}

// NewWriter appends to <dir>/<name>.jsonl, creating dir when needed.
func NewWriter(dir, name string) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return &Writer{path: filepath.Join(dir, name+".jsonl")}, nil
}

// Note appends one entry.
func (w *Writer) Note(e Entry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	line, _ := json.Marshal(e)
	w.mu.Lock()
	defer w.mu.Unlock()
	f, err := os.OpenFile(w.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	return errors.Join(err, f.Close())
}

// Pending reads every ledger file in dir and lists the resources created and not deleted whose id
// starts with prefix, members first so that a user is deleted after its members.
func Pending(dir, prefix string) ([]Entry, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	created := map[string]Entry{}
	var order []string
	for _, file := range files {
		if err := readEntries(file, func(e Entry) {
			switch {
			case !strings.HasPrefix(e.ID, prefix):
			case e.Event == "created":
				if _, seen := created[e.ID]; !seen {
					order = append(order, e.ID)
				}
				created[e.ID] = e
			case e.Event == "deleted":
				delete(created, e.ID)
			}
		}); err != nil {
			return nil, err
		}
	}
	var pending []Entry
	for _, id := range order {
		if e, ok := created[id]; ok {
			pending = append(pending, e)
		}
	}
	sort.SliceStable(pending, func(i, j int) bool { return pending[i].Kind == "member" && pending[j].Kind != "member" })
	return pending, nil
}

func readEntries(file string, each func(Entry)) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var torn error // a bad line is fine only as the last one: a write cut short by a crash
	for n := 1; sc.Scan(); n++ {
		if torn != nil {
			return torn
		}
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			torn = fmt.Errorf("ledger %s line %d: %v", file, n, err)
			continue
		}
		each(e)
	}
	return sc.Err()
}
