// Package ledger notes the resources a live run creates and deletes, one JSON line each, in one
// file per spec process. MX v2 has no route that lists users or members, so this record is how
// mxsweep finds what a crashed run left behind.
//
// A run holds an exclusive lock on its file for as long as its process lives; the kernel drops it
// when the process ends, however it ends (SIGKILL included). mxsweep claims a file by taking the
// same lock, so it never touches a run that is still going, and can sweep a dead one at once.
package ledger

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Events of an Entry.
const (
	Created = "created" // noted before the request that creates, or may create, the resource
	Deleted = "deleted" // noted once the host confirmed the resource gone
)

// Entry is one line of a ledger file.
type Entry struct {
	Event  string    `json:"event"`            // Created or Deleted
	Kind   string    `json:"kind"`             // "user" or "member"
	ID     string    `json:"id"`               // the guid the suite sent (external, or MX-prefixed on purpose)
	Delete string    `json:"delete"`           // the route key that deletes it, e.g. user_delete
	Client string    `json:"client,omitempty"` // the c it was created under, if not the configured one
	Run    string    `json:"run,omitempty"`    // the run: <run_prefix>-<run id>, e.g. mxc-1f2e3d4c
	At     time.Time `json:"at"`
}

// ErrHeld is Claim's answer for a file whose lock another process holds: a run still going, or
// another mxsweep at work on it.
var ErrHeld = errors.New("held by a process that is still running")

// Ext is the extension of ledger files.
const Ext = ".jsonl"

// File is one ledger file, open and locked by this process: a run's own (Open), or a dead run's
// claimed by mxsweep (Claim). Safe for concurrent use.
type File struct {
	mu      sync.Mutex
	path    string
	f       *os.File
	pending []Entry // created and not deleted, in the order they were noted
	skipped int     // lines that were not an entry (a write cut short by a crash)
}

// Open creates <dir>/<name>.jsonl for a run and locks it for the life of the process. The file is
// made under a temporary name, locked, then renamed, so mxsweep never sees it unlocked.
func Open(dir, name string) (*File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	path := filepath.Join(dir, name+Ext)
	tmp, err := os.CreateTemp(dir, "."+name+"-*.new")
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if err := lock(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("ledger: locking %s: %w", tmp.Name(), err)
	}
	if _, err := os.Stat(path); err == nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("ledger: %s exists already: a run id was reused", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return &File{path: path, f: tmp}, nil
}

// Claim opens an existing ledger file and takes its lock, without waiting: ErrHeld when a live
// process holds it. It reads what is pending.
func Claim(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, ErrHeld
		}
		return nil, fmt.Errorf("ledger: locking %s: %w", path, err)
	}
	lf := &File{path: path, f: f}
	if err := lf.load(); err != nil {
		f.Close()
		return nil, err
	}
	return lf, nil
}

// Files lists the ledger files in dir; a missing dir has none.
func Files(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*"+Ext))
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	slices.Sort(files)
	return files, nil
}

// Path is the file's path.
func (lf *File) Path() string { return lf.path }

// Skipped is how many lines were not entries: writes a crash cut short. None of them can be a
// note of a resource that was created, since a note is written whole before its request is sent.
func (lf *File) Skipped() int { return lf.skipped }

// Note appends one entry, and keeps Pending up to date.
func (lf *File) Note(e Entry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	lf.mu.Lock()
	defer lf.mu.Unlock()
	if _, err := lf.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	lf.apply(e)
	return nil
}

// Pending lists what was created and not deleted, members first, so that deleting a user comes
// after deleting its members.
func (lf *File) Pending() []Entry {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	out := slices.Clone(lf.pending)
	slices.SortStableFunc(out, func(a, b Entry) int { return rank(a) - rank(b) })
	return out
}

// Close releases the lock. A file with nothing pending is removed first: the run it records left
// nothing behind.
func (lf *File) Close() error {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	var err error
	if len(lf.pending) == 0 {
		err = os.Remove(lf.path)
	}
	return errors.Join(err, lf.f.Close()) // closing the file drops the lock
}

func rank(e Entry) int {
	if e.Kind == "member" {
		return 0
	}
	return 1
}

func (lf *File) apply(e Entry) {
	i := slices.IndexFunc(lf.pending, func(p Entry) bool { return p.ID == e.ID && p.Kind == e.Kind })
	switch {
	case e.Event == Created && i < 0:
		lf.pending = append(lf.pending, e)
	case e.Event == Deleted && i >= 0:
		lf.pending = slices.Delete(lf.pending, i, i+1)
	}
}

// load reads the entries of a claimed file. A line cut short by a crash is skipped; if it is the
// last line, a newline is added so that the next note starts a line of its own.
func (lf *File) load() error {
	data, err := io.ReadAll(lf.f)
	if err != nil {
		return fmt.Errorf("ledger: %s: %w", lf.path, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.ID == "" {
			lf.skipped++
			continue
		}
		lf.apply(e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ledger: %s: %w", lf.path, err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		if _, err := lf.f.Write([]byte("\n")); err != nil {
			return fmt.Errorf("ledger: %s: %w", lf.path, err)
		}
	}
	return nil
}

// Belongs reports whether an entry is of the runs that prefix names: the prefix starts its guid,
// or stands after a hyphen in it (USR-mxc-…, MBR-mxc-…), or starts its run. A whole run
// ("mxc-1f2e3d4c-") picks that run; the run prefix alone ("mxc-") picks every run.
func Belongs(e Entry, prefix string) bool {
	return strings.HasPrefix(e.ID, prefix) || strings.Contains(e.ID, "-"+prefix) ||
		(e.Run != "" && strings.HasPrefix(e.Run+"-", prefix))
}
