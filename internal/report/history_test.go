package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
)

// nightly builds the matrix of a crafted run started `night` days after reporttest.Start.
func nightly(t *testing.T, night int, fail, skip []string) report.Matrix {
	t.Helper()
	cat := loadCatalog(t)
	r := reporttest.Sample(cat, "https://int-api2.moneydesktop.com", "run"+strings.Repeat("0", 4)+string(rune('a'+night%26)), fail, skip)
	r.StartTime = r.StartTime.Add(time.Duration(night) * 24 * time.Hour)
	return report.Build(r, cat)
}

func TestHistoryKeepsTheLastRunsAndTheTrendOfEachID(t *testing.T) {
	var h report.History
	for night := range 65 {
		var fail []string
		if night%2 == 1 { // U1 flips every night
			fail = []string{"U1"}
		}
		if night >= 63 { // M2 broke two nights ago and stays broken
			fail = append(fail, "M2")
		}
		h.Add(nightly(t, night, fail, nil))
	}
	if len(h.Runs) != report.HistoryLength {
		t.Fatalf("%d runs kept, want %d", len(h.Runs), report.HistoryLength)
	}
	last := nightly(t, 64, []string{"M2"}, nil)
	h.Add(last) // the same run again (make report twice): replaced, not added
	if len(h.Runs) != report.HistoryLength || !h.Runs[0].Start.Equal(reporttest.Start.Add(5*24*time.Hour)) {
		t.Fatalf("%d runs from %s", len(h.Runs), h.Runs[0].Start)
	}
	last.WithHistory(h)
	u1, m2, u3 := rowByID(t, last, "U1"), rowByID(t, last, "M2"), rowByID(t, last, "U3")
	if len(u1.Trend.Cells) != 60 || u1.Trend.Flips != 59 || !strings.Contains(u1.Trend.LastChanged, "fail → pass") {
		t.Errorf("U1 trend: %d cells, %d flips, last changed %q", len(u1.Trend.Cells), u1.Trend.Flips, u1.Trend.LastChanged)
	}
	if m2.Trend.Flips != 1 || !strings.Contains(m2.Trend.LastChanged, "pass → fail") {
		t.Errorf("M2 trend: %d flips, last changed %q", m2.Trend.Flips, m2.Trend.LastChanged)
	}
	if u3.Trend.Flips != 0 || u3.Trend.LastChanged != "" {
		t.Errorf("U3 trend: %+v", u3.Trend)
	}
}

// A history file that is not one is an error that says so, and is left as it is.
func TestHistoryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "history.json")
	h, err := report.ReadHistory(path)
	if err != nil || len(h.Runs) != 0 {
		t.Fatalf("a missing file: %v %+v", err, h)
	}
	h.Add(nightly(t, 0, nil, nil))
	if err := report.WriteHistory(path, h); err != nil {
		t.Fatal(err)
	}
	back, err := report.ReadHistory(path)
	if err != nil || len(back.Runs) != 1 || back.Runs[0].Verdicts["U1"] != report.VerdictPass {
		t.Fatalf("read back: %v %+v", err, back)
	}
	for name, text := range map[string]string{"not JSON": "{nope", "not a history": `{"runs":[{"run_id":"x"}]}`} {
		bad := filepath.Join(dir, name+".json")
		_ = os.WriteFile(bad, []byte(text), 0o644)
		if _, err := report.ReadHistory(bad); err == nil || !strings.Contains(err.Error(), "left as it is") {
			t.Errorf("%s: %v", name, err)
		}
		if b, _ := os.ReadFile(bad); string(b) != text {
			t.Errorf("%s: the file was changed", name)
		}
	}
}
