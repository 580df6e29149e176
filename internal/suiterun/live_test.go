package suiterun_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mxcontract/mxcontract/internal/ledger"
	"github.com/mxcontract/mxcontract/internal/record"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

// Live mode against a separately started mxmock: every spec that needs no fault injection passes,
// and the fault specs are skipped with the reason, never reported as passed.
func TestLiveModeAgainstAStandaloneMxmock(t *testing.T) {
	ctx := context.Background()
	url := startMxmock(t, nil, "--api-key", "live-mode-key", "--clients", "CLT-live-1")
	for name, tc := range map[string]struct {
		unassociated string
		skipped      []string
	}{
		"with an unassociated client":    {"CLT-live-not-mine", []string{"G3", "G4", "M5", "U5"}},
		"without an unassociated client": {"", []string{"G3", "G4", "M5", "U4", "U5"}},
	} {
		t.Run(name, func(t *testing.T) {
			book := t.TempDir()
			res, err := suiterun.Run(ctx, suiteBin, []string{"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=live-mode-key",
				"MX_CLIENT_GUID=CLT-live-1", "MX_UNASSOCIATED_CLIENT_GUID=" + tc.unassociated, "MX_MOCK_CONTROL=", "MX_LEDGER=" + book})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Passed {
				t.Fatalf("live-mode run failed:\n%s", res.Output)
			}
			var skipped []string
			for _, s := range suiterun.Specs(res.Report) {
				switch s.State {
				case types.SpecStateSkipped:
					skipped = append(skipped, record.CatalogID(s))
					if !strings.Contains(s.Failure.Message, "MX_") {
						t.Errorf("%s skipped without naming the setting: %q", record.CatalogID(s), s.Failure.Message)
					}
				case types.SpecStatePassed:
				default:
					t.Errorf("%s: %s", record.CatalogID(s), s.State)
				}
			}
			slices.Sort(skipped)
			if got := strings.Join(skipped, ","); got != strings.Join(tc.skipped, ",") {
				t.Errorf("skipped %s, want %s", got, strings.Join(tc.skipped, ","))
			}
			// A process's ledger file goes once everything it noted is confirmed deleted.
			if files, err := ledger.Files(book); err != nil || len(files) > 0 {
				t.Errorf("ledger files left: %v %v", files, err)
			}
			if strings.Contains(res.Output, "left on the host") {
				t.Errorf("the run left something:\n%s", res.Output)
			}
			if strings.Contains(res.Output, "live-mode-key") {
				t.Error("the API key appears in the suite's output")
			}
		})
	}
}
