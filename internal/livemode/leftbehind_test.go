package livemode_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/livehost"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

// A live run leaves nothing on the host, whatever the host does within the docs or outside them:
// counted on the host, not in the ledger.
func TestALiveRunLeavesNothingBehind(t *testing.T) {
	for _, tc := range []struct {
		name   string
		b      livehost.Behaviour
		failed []string // the specs that must fail; the rest pass or are skipped with a reason
	}{
		{"follows the docs as mxmock does", livehost.Behaviour{}, nil},
		{"answers a create 201 and a delete 200 with a body", livehost.Behaviour{CreateStatus: 201, DeleteStatus: 200, DeleteBody: true}, nil},
		{"drops the connection on a bad key, answers an HTML 404", livehost.Behaviour{SilentOnBadKey: true, HTML404: true}, nil},
		{"accepts what MX refuses", livehost.Behaviour{AcceptReserved: true, AcceptBadInput: true, IgnoreDuplicates: true, UpsertOnUpdate: true, CreateStatus: 201},
			[]string{"M1", "M2", "M3", "O1", "U1", "U2", "U3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := startHost(t, tc.b)
			book := t.TempDir()
			res := runSuite(t, liveEnv(host.URL, book))
			var failed []string
			for _, s := range suiterun.Specs(res.Report) {
				switch id := record.CatalogID(s); {
				case s.State.Is(types.SpecStateFailureStates):
					failed = append(failed, id)
					if record.IsCouldNotTest(s.Failure.Message) {
						t.Errorf("%s could not test: %s", id, s.Failure.Message)
					}
				case s.State == types.SpecStateSkipped && !strings.Contains(s.Failure.Message, "MX_"):
					t.Errorf("%s skipped without naming the setting: %q", id, s.Failure.Message)
				}
			}
			slices.Sort(failed)
			if !slices.Equal(failed, tc.failed) {
				t.Errorf("failed %v, want %v\n%s", failed, tc.failed, res.Output)
			}
			users, members := host.Holds()
			t.Logf("%s: %d specs failed; the host holds %d users and %d members after the run; %d requests",
				tc.name, len(failed), users, members, host.Requests())
			if users+members > 0 {
				t.Errorf("left on the host: %d users, %d members\n%s", users, members, res.Output)
			}
			if p := pending(t, book); len(p) > 0 {
				t.Errorf("the ledger still notes %d resources: %+v", len(p), p)
			}
			// The host's login tokens are credentials: none reaches the console or the report.
			if strings.Contains(res.Output, "livehost-token-") || strings.Contains(string(res.JSON), "livehost-token-") {
				t.Error("a login token appears in the run's output or report")
			}
			if strings.Contains(res.Output, "left on the host") {
				t.Errorf("the run says it left something:\n%s", res.Output)
			}
		})
	}
}
