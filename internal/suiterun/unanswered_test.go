package suiterun_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/onsi/ginkgo/v2/types"
)

// A target that does not answer fails every spec once, quickly, with the cause in words; it never
// hangs the run and never passes a spec.
func TestATargetThatDoesNotAnswer(t *testing.T) {
	ctx := context.Background()
	// Nothing listens: take a free port and close it.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := l.Addr().String()
	l.Close()
	// Accepts connections and never says a word.
	silent, _ := net.Listen("tcp", "127.0.0.1:0")
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()

	for name, tc := range map[string]struct{ addr, cause string }{
		"refused": {refused, "connection refused: nothing listens at the target address"},
		"silent":  {silent.Addr().String(), "timeout after 300ms: the target did not answer in time (MX_TIMEOUT)"},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			start := time.Now()
			res, err := suiterun.Run(ctx, suiteBin, []string{"MX_CONFIG=", "MX_BASE_URL=http://" + tc.addr, "MX_API_KEY=unanswered-key",
				"MX_CLIENT_GUID=CLT-1", "MX_UNASSOCIATED_CLIENT_GUID=CLT-2", "MX_MOCK_CONTROL=true", "MX_TIMEOUT=300ms"})
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			if res.Passed {
				t.Fatal("the run passed against a target that does not answer")
			}
			for _, s := range suiterun.Specs(res.Report) {
				id := suiterun.CatalogID(s)
				if s.State != types.SpecStateFailed {
					t.Errorf("%s: %s, want failed", id, s.State)
					continue
				}
				if msg := s.Failure.Message; !strings.Contains(msg, tc.cause) || !strings.Contains(msg, id) && !strings.Contains(msg, "precondition failed") {
					t.Errorf("%s: failure does not say why in words:\n%s", id, msg)
				}
			}
			if strings.Contains(res.Output, "unanswered-key") {
				t.Error("the key appears in the output")
			}
			t.Logf("%d specs failed in %s", len(suiterun.Specs(res.Report)), took.Round(time.Millisecond))
		})
	}
}
