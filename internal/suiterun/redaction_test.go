package suiterun_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/suiterun"
)

// The API key never leaves the suite: a run with a known key, one passing and one where every spec
// fails on a key the target refuses, leaves no trace of it in the console, JUnit, JSON, HTML or
// Markdown reports, nor in mxmock's request log.
func TestTheKeyIsRedactedInEveryOutput(t *testing.T) {
	const key = "S3cret-Known-Key-42"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// mxmock expects another key, so every request is refused and every spec fails with a body.
	mockLog := &lockedBuffer{}
	url := startMxmock(t, mockLog, "--api-key", "the-right-key", "--clients", "CLT-r1")
	cat, _ := catalog.Load()

	for name, env := range map[string][]string{
		"embedded mock, passing":   {"MX_CONFIG=", "MX_BASE_URL=", "MX_API_KEY=" + key},
		"refused key, all failing": {"MX_CONFIG=", "MX_BASE_URL=" + url, "MX_API_KEY=" + key, "MX_CLIENT_GUID=CLT-r1", "MX_UNASSOCIATED_CLIENT_GUID=CLT-r2", "MX_MOCK_CONTROL=true", "MX_LEDGER=" + t.TempDir()},
	} {
		t.Run(name, func(t *testing.T) {
			junit := filepath.Join(t.TempDir(), "junit.xml")
			res, err := suiterun.Run(ctx, suiteBin, env, "--ginkgo.junit-report="+junit, "--ginkgo.v")
			if err != nil {
				t.Fatal(err)
			}
			var html, md bytes.Buffer
			m := report.Build(res.Report, cat)
			if err := report.WriteHTML(&html, m); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteMarkdown(&md, m); err != nil {
				t.Fatal(err)
			}
			junitXML, _ := os.ReadFile(junit)
			outputs := map[string]string{"console": res.Output, "JSON report": string(res.JSON), "JUnit report": string(junitXML),
				"HTML report": html.String(), "Markdown summary": md.String()}
			for what, text := range outputs {
				if len(text) < 100 {
					t.Errorf("%s is nearly empty; nothing was searched", what)
				}
				if strings.Contains(text, key) {
					t.Errorf("the key appears in the %s", what)
				}
			}
			if !strings.Contains(res.Output+string(res.JSON), "k=REDACTED") {
				t.Error("no request line with k=REDACTED: the outputs searched carry no requests")
			}
		})
	}
	if strings.Contains(mockLog.String(), key) || !strings.Contains(mockLog.String(), "k=REDACTED") {
		t.Errorf("mxmock's request log shows the key, or no requests:\n%.2000s", mockLog.String())
	}
}
