package report_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/report/reporttest"
)

// screenshotDirEnv names where the browser test keeps its screenshot; by default the repository's
// reports/screenshots/, next to the reports a run leaves.
const screenshotDirEnv = "MXREPORT_SCREENSHOT_DIR"

// TestHTMLInChromium opens a crafted run (passes, one failure, one skip, a change since the last
// run) in headless Chromium as a person would, checks that every row and verdict is in the page
// the browser built and that the verdict colours are on screen, and keeps the screenshot.
func TestHTMLInChromium(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		t.Skip("chromium is not installed, so the HTML report is not rendered in a browser: `make chromium` " +
			"installs Debian's package (as root, with apt-get); set MXREPORT_CHROMIUM to use another binary")
	}
	cat := loadCatalog(t)
	m := report.Build(reporttest.Sample(cat, "https://int-api2.moneydesktop.com", "5eed1e55", []string{"U1"}, []string{"G3"}), cat)
	m.CompareWith(report.Build(reporttest.Sample(cat, "https://int-api2.moneydesktop.com", "0ld0ld00", nil, nil), cat))
	dir, htmlPath := writePage(t, m, "report.html")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	dom := chromium(ctx, t, browser, dir, "--dump-dom", "file://"+htmlPath)
	rows := tableRow.FindAllStringSubmatch(dom, -1)
	if len(rows) != len(cat.Rows) {
		t.Fatalf("the browser shows %d table rows, want %d (one per catalog id)", len(rows), len(cat.Rows))
	}
	for i, r := range m.Rows {
		if rows[i][1] != r.ID || rows[i][2] != string(r.Verdict) {
			t.Errorf("row %d in the browser: %s %s, want %s %s", i+1, rows[i][1], rows[i][2], r.ID, r.Verdict)
		}
	}
	for _, text := range []string{`<span class="badge fail">fail</span>`, `<span class="badge skipped">skipped</span>`,
		`<span class="badge pass">pass</span>`, "FAILED", "Changes since the previous run"} {
		if !strings.Contains(dom, text) {
			t.Errorf("the browser's page lacks %q", text)
		}
	}

	shot := screenshotPath(t)
	chromium(ctx, t, browser, dir, "--screenshot="+shot, "--window-size=1400,1000", "--hide-scrollbars", "file://"+htmlPath)
	green, red := countColours(t, shot, [3]uint8{0x1a, 0x7f, 0x37}, [3]uint8{0xcf, 0x22, 0x2e})
	if green < 2000 || red < 2000 { // the donut, the header band and the badges are thousands of pixels
		t.Errorf("the screenshot shows %d green and %d red pixels; the verdict colours should be plain to see", green, red)
	}
	_ = copyFile(htmlPath, strings.TrimSuffix(shot, ".png")+".html") // the page beside its picture, for whoever opens the artifact
	t.Logf("screenshot of the HTML report: %s", shot)
}

// writePage writes the matrix's HTML page into a new folder, for the browser to open.
func writePage(t *testing.T, m report.Matrix, name string) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, name)
	var page bytes.Buffer
	if err := report.WriteHTML(&page, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

func findChromium() string {
	if b := os.Getenv("MXREPORT_CHROMIUM"); b != "" {
		return b
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromium runs the browser headless, offline and with a throwaway profile, and returns its stdout.
func chromium(ctx context.Context, t *testing.T, browser, dir string, args ...string) string {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", browser, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func screenshotPath(t *testing.T) string {
	dir := os.Getenv(screenshotDirEnv)
	if dir == "" {
		dir = filepath.Join("..", "..", "reports", "screenshots") // from internal/report to the repository's reports/
	}
	abs, err := filepath.Abs(filepath.Join(dir, "report.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatalf("making the screenshot directory (set %s to choose another): %v", screenshotDirEnv, err)
	}
	return abs
}

// countColours counts the screenshot's pixels close to each of two colours.
func countColours(t *testing.T, path string, a, b [3]uint8) (na, nb int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the browser wrote no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("reading the screenshot: %v", err)
	}
	near := func(r, g, bl uint32, c [3]uint8) bool {
		d := func(x uint32, y uint8) bool { return int(x>>8)-int(y) < 16 && int(y)-int(x>>8) < 16 }
		return d(r, c[0]) && d(g, c[1]) && d(bl, c[2])
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, g, bl, a) {
				na++
			} else if near(r, g, bl, b) {
				nb++
			}
		}
	}
	if bounds.Dx() < 1000 {
		t.Errorf("the screenshot is %v, want the 1400x1000 window", bounds.Size())
	}
	return na, nb
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// trendRow is one row's history strip in the page the browser built.
var trendRow = regexp.MustCompile(`(?s)<tr id="row-([A-Z][0-9])"[^>]*>.*?<div class="trend"[^>]*>(.*?)</div>\s*<div class="trend-note">(.*?)</div>`)

// TestHistoryStripInChromium: three nightly runs with a history, U1 failing on the second; the
// page shows each id's strip of the three runs, U1's with its two changes, and keeps a screenshot.
func TestHistoryStripInChromium(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		t.Skip("chromium is not installed: `make chromium` installs it")
	}
	var h report.History
	var last report.Matrix
	for night, fail := range [][]string{nil, {"U1"}, nil} {
		skip := []string(nil)
		if night == 1 {
			skip = []string{"G3"}
		}
		last = nightly(t, night, fail, skip)
		h.Add(last)
	}
	last.WithHistory(h)
	dir, htmlPath := writePage(t, last, "history.html")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dom := chromium(ctx, t, browser, dir, "--dump-dom", "file://"+htmlPath)
	strips := map[string][2]string{}
	for _, m := range trendRow.FindAllStringSubmatch(dom, -1) {
		var classes []string
		for _, c := range regexp.MustCompile(`<span class="([a-z-]+)"`).FindAllStringSubmatch(m[2], -1) {
			classes = append(classes, c[1])
		}
		strips[m[1]] = [2]string{strings.Join(classes, ","), m[3]}
	}
	if len(strips) != len(last.Rows) {
		t.Fatalf("the browser shows %d strips, want %d", len(strips), len(last.Rows))
	}
	for id, want := range map[string][2]string{
		"U1": {"pass,fail,pass", "flips: 2 changes"},
		"G3": {"pass,skipped,pass", "flips: 2 changes"},
		"U3": {"pass,pass,pass", "unchanged in 3 runs"},
	} {
		if got := strips[id]; got[0] != want[0] || !strings.Contains(got[1], want[1]) {
			t.Errorf("%s strip %q, note %q; want %q, %q", id, got[0], got[1], want[0], want[1])
		}
	}
	if !strings.Contains(strips["U1"][1], "last changed 2026-11-27 (run ") || !strings.Contains(strips["U1"][1], "fail → pass") {
		t.Errorf("U1's note does not say when it last changed: %q", strips["U1"][1])
	}
	shot := filepath.Join(filepath.Dir(screenshotPath(t)), "history.png")
	chromium(ctx, t, browser, dir, "--screenshot="+shot, "--window-size=1600,1000", "--hide-scrollbars", "file://"+htmlPath)
	green, red := countColours(t, shot, [3]uint8{0x1a, 0x7f, 0x37}, [3]uint8{0xcf, 0x22, 0x2e})
	if green < 2000 || red < 50 {
		t.Errorf("the screenshot shows %d green and %d red pixels", green, red)
	}
	_ = copyFile(htmlPath, strings.TrimSuffix(shot, ".png")+".html")
	t.Logf("screenshot of the history strips: %s", shot)
}
