// Package livemode tests the suite's run against a live host, the job it is really for, against
// hosts on loopback (package livehost) that differ from mxmock wherever the docs allow and, on
// purpose, where they do not. Its tests count what each host still holds after a run, not what
// the run's ledger says: a run leaves nothing behind, whatever the host does; a run killed
// mid-way is swept by mxsweep as the README gives it; a host that never answers stops the run at
// once, with one cause. Test code only.
package livemode
