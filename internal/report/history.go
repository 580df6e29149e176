package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// HistoryLength is how many runs the history keeps: two months of nightly runs.
const HistoryLength = 60

// History is the verdicts of the last runs, oldest first, kept in one JSON file from run to run
// (make contract HISTORY=path/history.json).
type History struct {
	Runs []HistoryRun `json:"runs"`
}

// HistoryRun is one run in the history: when, against what, and each catalog id's verdict.
type HistoryRun struct {
	RunID    string             `json:"run_id"`
	Start    time.Time          `json:"start"`
	Target   string             `json:"target"`
	Verdict  Verdict            `json:"verdict"`
	Verdicts map[string]Verdict `json:"verdicts"`
}

// ReadHistory reads a history file; a missing one is an empty history, one that is not a history
// is an error that says so (and the file is left as it is).
func ReadHistory(path string) (History, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return History{}, nil
	}
	if err != nil {
		return History{}, fmt.Errorf("history %s: %w", path, err)
	}
	var h History
	if err := json.Unmarshal(data, &h); err != nil {
		return History{}, fmt.Errorf("history %s is not a history file (%v): it was left as it is; move it away to start a new one", path, err)
	}
	for i, r := range h.Runs {
		if r.Start.IsZero() || r.Verdicts == nil {
			return History{}, fmt.Errorf("history %s: run %d has no start or no verdicts: it was left as it is; move it away to start a new one", path, i+1)
		}
	}
	return h, nil
}

// Add records the matrix's run, replacing the same run if it is there already (make report run
// twice), and keeps the last HistoryLength runs.
func (h *History) Add(m Matrix) {
	run := HistoryRun{RunID: m.Run.RunID, Start: m.Run.Start.UTC(), Target: m.Run.Target, Verdict: m.Verdict(), Verdicts: map[string]Verdict{}}
	for _, r := range m.Rows {
		run.Verdicts[r.ID] = r.Verdict
	}
	h.Runs = slices.DeleteFunc(h.Runs, func(r HistoryRun) bool { return r.RunID == run.RunID && r.Start.Equal(run.Start) })
	h.Runs = append(h.Runs, run)
	slices.SortStableFunc(h.Runs, func(a, b HistoryRun) int { return a.Start.Compare(b.Start) })
	if n := len(h.Runs); n > HistoryLength {
		h.Runs = h.Runs[n-HistoryLength:]
	}
}

// WriteHistory writes the history through a temporary file, so that a failure midway never
// leaves less than was there.
func WriteHistory(path string, h History) error {
	data, err := json.MarshalIndent(h, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".history-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Trend is one id's verdicts over the history's runs, for the HTML strip.
type Trend struct {
	Cells       []TrendCell
	LastChanged string // "2026-11-28 (run 1f2e3d4c): pass → fail", or "" when it never changed
	Flips       int    // how many times the verdict changed
}

// TrendCell is one run's verdict of one id.
type TrendCell struct {
	Verdict Verdict
	Title   string // when and which run, for the tooltip
}

// WithHistory attaches each row's trend over the history (which holds this run too).
func (m *Matrix) WithHistory(h History) {
	m.History, m.HistoryRuns = h, len(h.Runs)
	for i := range m.Rows {
		row := &m.Rows[i]
		var t Trend
		var prev Verdict
		for j, run := range h.Runs {
			v, ok := run.Verdicts[row.ID]
			if !ok {
				v = VerdictNotRun
			}
			t.Cells = append(t.Cells, TrendCell{Verdict: v, Title: fmt.Sprintf("%s · run %s · %s", formatTime(run.Start), run.RunID, v)})
			if j > 0 && v != prev {
				t.Flips++
				t.LastChanged = fmt.Sprintf("%s (run %s): %s → %s", run.Start.UTC().Format("2006-01-02"), run.RunID, prev, v)
			}
			prev = v
		}
		row.Trend = t
	}
}
