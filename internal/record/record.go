// Package record names what the contract suite writes into Ginkgo's report besides the verdicts:
// the report entries, and the words that tell a failure that is a verdict on MX's contract from
// one that only says the run could not test it. The suite writes them; mxreport and the project's
// tests read them; both take the names and shapes from here.
package record

import (
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// Names of the report entries.
const (
	EntryTarget     = "target"      // Target, on the suite's setup node
	EntryPreflight  = "preflight"   // the exchange of the preflight request, on the setup node
	EntryObserved   = "observed"    // Observed: the answer a spec's verdict rests on
	EntryExchange   = "exchange"    // client.Exchange: every request and answer of a spec
	EntrySetup      = "setup"       // Setup: a set-up step and the status it got
	EntryLeftBehind = "left-behind" // LeftBehind: a resource the spec could not remove
)

// Target is where the run went, for the report's header.
type Target struct {
	URL      string `json:"url"`
	Client   string `json:"client"`   // the configured client guid (c), which the key may use
	Embedded bool   `json:"embedded"` // the in-process mock
	Faults   bool   `json:"faults"`   // fault specs can run
	RunID    string `json:"run_id"`
	Config   string `json:"config"` // where the configuration came from
}

// Observed is what a spec saw for its catalog row, scrubbed and bounded.
type Observed struct {
	ID      string `json:"id"`
	Request string `json:"request"`
	Status  int    `json:"status"`
	Body    string `json:"body"`
	// Message is the envelope's error text, decoded then scrubbed (a host may escape a secret in
	// JSON), and shortened around where it differs from the documented text; empty when the body
	// is not the envelope.
	Message string `json:"message,omitempty"`
}

// MaxMessage bounds Observed.Message.
const MaxMessage = 1 << 10

// Setup is a step that prepared the error under test (create a user, say) and the status it got:
// MX documents no success status for it, so any 2xx is accepted and the report says which.
type Setup struct {
	Step    string `json:"step"`
	Request string `json:"request"`
	Status  int    `json:"status"`
}

// LeftBehind is a resource the run created, or may have created, and could not confirm deleted.
// It stays in the ledger for mxsweep.
type LeftBehind struct {
	Kind  string `json:"kind"`  // user or member
	ID    string `json:"id"`    // the guid the suite sent
	Route string `json:"route"` // the route key that should delete it, e.g. user_delete
	Cause string `json:"cause"` // why the delete is not confirmed, and what to do
}

// CouldNotTest starts the message of every failure that is no verdict on the contract: a set-up
// step that did not work, a request that got no HTTP answer, a host that failed the preflight.
// Any other failure is an assertion on what MX documents: MX broke its contract.
const CouldNotTest = "could not test: "

// IsCouldNotTest reports whether a failure message says the run could not test, rather than
// that the target broke the contract.
func IsCouldNotTest(failureMessage string) bool {
	return strings.HasPrefix(strings.TrimSpace(failureMessage), CouldNotTest)
}

// CatalogID is the id a spec names with its "id:" label, or "" if it has none.
func CatalogID(s types.SpecReport) string {
	for _, l := range s.Labels() {
		if id, ok := strings.CutPrefix(l, "id:"); ok {
			return id
		}
	}
	return ""
}

// String is how the console shows it.
func (l LeftBehind) String() string {
	return "left on the host: " + l.Kind + " " + l.ID + ": " + l.Cause
}
