package report

import (
	"fmt"
	"strconv"
)

// ChangeKind names what changed for a row between two runs.
type ChangeKind string

const (
	ChangeVerdict ChangeKind = "verdict"
	ChangeStatus  ChangeKind = "status"  // both runs observed an answer, with different statuses
	ChangeMessage ChangeKind = "message" // both runs observed an answer, with different texts
	ChangeAdded   ChangeKind = "added"   // the id has a spec now and had none before
	ChangeRemoved ChangeKind = "removed" // the id had a spec before and has none now
)

// Change is one difference between a previous run and this one.
type Change struct {
	ID         string
	Kind       ChangeKind
	Before     string
	After      string
	Regression bool // worse than before: people look at these first
	Fix        bool // a failure that passes now
}

func (c Change) String() string {
	switch c.Kind {
	case ChangeAdded:
		return fmt.Sprintf("%s: new in this run (%s)", c.ID, c.After)
	case ChangeRemoved:
		return fmt.Sprintf("%s: no longer run (was %s)", c.ID, c.Before)
	case ChangeMessage:
		return fmt.Sprintf("%s: observed message %q, was %q", c.ID, c.After, c.Before)
	default:
		return fmt.Sprintf("%s: %s %s → %s", c.ID, c.Kind, c.Before, c.After)
	}
}

// Diff lists what changed from prev to cur, in cur's row order and then rows only prev has.
// Messages are compared with the names each run generated masked, so a new random guid is no
// change but a missing period is; status and message changes need an answer in both runs.
func Diff(prev, cur Matrix) []Change {
	before := map[string]Row{}
	for _, r := range prev.Rows {
		before[r.ID] = r
	}
	var changes []Change
	seen := map[string]bool{}
	for _, now := range cur.Rows {
		seen[now.ID] = true
		was, ok := before[now.ID]
		if !ok || was.Verdict == VerdictNotRun {
			if now.Verdict != VerdictNotRun {
				changes = append(changes, Change{ID: now.ID, Kind: ChangeAdded, After: string(now.Verdict),
					Regression: now.Verdict.failed()})
			}
			continue
		}
		if now.Verdict == VerdictNotRun {
			changes = append(changes, Change{ID: now.ID, Kind: ChangeRemoved, Before: string(was.Verdict), Regression: true})
			continue
		}
		changes = append(changes, rowChanges(was, now)...)
	}
	for _, was := range prev.Rows {
		if !seen[was.ID] && was.Verdict != VerdictNotRun {
			changes = append(changes, Change{ID: was.ID, Kind: ChangeRemoved, Before: string(was.Verdict), Regression: true})
		}
	}
	return changes
}

func rowChanges(was, now Row) []Change {
	var changes []Change
	if was.Verdict != now.Verdict {
		changes = append(changes, Change{ID: now.ID, Kind: ChangeVerdict, Before: string(was.Verdict), After: string(now.Verdict),
			Regression: was.Verdict == VerdictPass || now.Verdict.failed(),
			Fix:        was.Verdict.failed() && now.Verdict == VerdictPass})
	}
	if was.ObservedStatus == 0 || now.ObservedStatus == 0 {
		return changes // one run saw no answer: the verdict change says it
	}
	if was.ObservedStatus != now.ObservedStatus {
		changes = append(changes, Change{ID: now.ID, Kind: ChangeStatus, Before: strconv.Itoa(was.ObservedStatus),
			After: strconv.Itoa(now.ObservedStatus), Regression: now.Verdict.failed()})
	}
	if was.messageKey != now.messageKey {
		changes = append(changes, Change{ID: now.ID, Kind: ChangeMessage, Before: was.ObservedMessage,
			After: now.ObservedMessage, Regression: now.Verdict.failed()})
	}
	return changes
}

// failed is true for a verdict that needs someone's attention: a break or a run that could not test.
func (v Verdict) failed() bool { return v == VerdictFail || v == VerdictCouldNotTest }
