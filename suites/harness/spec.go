package harness

import (
	"fmt"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	. "github.com/onsi/ginkgo/v2"
)

// requestsPerSpec bounds the requests of one spec, cleanup aside: O1, the busiest, sends 13.
const requestsPerSpec = 16

// Spec declares the spec of one catalog row, as every section does: its name and labels come from
// the row; its time limit is requestsPerSpec × MX_TIMEOUT, so no spec outlives its budget whatever
// the target does; a row that needs fault injection is skipped, with the reason, where the target
// has none. The body gets the row.
func Spec(id string, body func(ctx SpecContext, row catalog.Row)) bool {
	row := Row(id)
	return It(row.SpecName(), Label(row.Labels()...), SpecTimeout(SpecBudget()), func(ctx SpecContext) {
		if row.Faults {
			SkipWithoutFaults()
		}
		body(ctx, row)
	})
}

// SpecBudget is the longest a spec may run, its cleanup aside.
func SpecBudget() time.Duration { return requestsPerSpec * Config.Timeout }

// SkipWithoutFaults keeps a fault spec in every report, skipped with the reason, on a live host.
func SkipWithoutFaults() {
	if !Config.FaultsAvailable() {
		Skip(fmt.Sprintf("needs fault injection, which only mxmock offers: MX_BASE_URL is set (%s) and MX_MOCK_CONTROL is not", Config.BaseURL))
	}
}
