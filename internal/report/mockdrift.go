package report

// MockDrift is what replaying a live run's exchanges against mxmock found (package mockdrift):
// the answers where mxmock differs from the host, grouped, the ones where MX's docs speak apart
// from those where MX is silent.
type MockDrift struct {
	Path        string // where the Markdown report went, e.g. reports/mock-drift.md
	Replayed    int    // exchanges sent again to mxmock
	Skipped     int    // exchanges that could not be (a request body recorded only in part)
	Differences []MockDifference
}

// MockDifference is one kind of difference on one route, with how often it came.
type MockDifference struct {
	Request   string // "GET /user/{id} with a wrong key"
	What      string // status, Content-Type, envelope, message, success body
	MX        string // what the host answered
	Mock      string // what mxmock answers
	DocsSpeak bool   // MX's docs say what the answer must be: a difference is an mxmock bug, or MX's break
	Why       string // what the docs say, or which of mxmock's choices (docs/mxmock.md) it contradicts
	Specs     string // the catalog ids whose specs sent such requests
	Count     int
}

// DocsSpeak counts the differences where MX's docs speak.
func (d MockDrift) DocsSpeak() int {
	n := 0
	for _, diff := range d.Differences {
		if diff.DocsSpeak {
			n++
		}
	}
	return n
}
