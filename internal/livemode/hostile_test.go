package livemode_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/report"
	"github.com/mxcontract/mxcontract/internal/suiterun"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// hostileKey has the characters that each encoding writes differently.
const hostileKey = "Hostile/Key+42&<x>"

// injection is what a hostile host writes into its messages: Markdown and HTML that would render
// as links and images, a backtick run that closes a short code span, table pipes, terminal
// escapes (clear, an OSC 8 hyperlink, a bell) and a right-to-left override.
const injection = "``close`` [click](http://evil.example/c) ![img](http://evil.example/i.png) <img src=x onerror=alert(1)> " +
	"<a href='http://evil.example/a'>a</a> http://evil.example/bare www.evil.example | pipe | " +
	"\x1b[2J\x1b]8;;http://evil.example/osc\x1b\\osc\x1b]8;;\x1b\\ \a\u202eevil\u202c \u0085"

// echoes is every way the host writes the key back: raw, percent-encoded for a query and a path,
// JSON-escaped character by character and Go's way, HTML-escaped by name and by number.
func echoes(key string) string {
	var jsonEach, htmlNum strings.Builder
	for _, c := range key {
		fmt.Fprintf(&jsonEach, `\u%04x`, c)
		fmt.Fprintf(&htmlNum, "&#%d;", c)
	}
	goJSON, _ := json.Marshal(key)
	return strings.Join([]string{key, url.QueryEscape(key), url.PathEscape(key), jsonEach.String(),
		string(goJSON[1 : len(goJSON)-1]), html.EscapeString(key), htmlNum.String()}, " ")
}

// hostileHost answers every create with a user that carries the key and a login token, and
// everything else with an error whose message carries the key in every encoding, markup, terminal
// escapes and a megabyte of text.
func hostileHost(t *testing.T) *httptest.Server {
	filler := strings.Repeat("The host keeps talking. ", (1<<20)/24)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 4<<20))
		// The message is JSON-encoded by hand so that the host's escapes arrive as the host wrote them.
		msg := injection + " key " + echoes(hostileKey) + " query " + r.URL.RawQuery + " " + filler + " " + echoes(hostileKey) + " " + injection
		quoted, _ := json.Marshal(msg)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusOK)
			fmt.Fprintf(w, `{"guid":"USR-hostile","login_token":"hostile-login-token-0001","master_widget_url":"https://w.example/m?t=hostile-widget-secret","error_echo":%s}`, quoted)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":%s}`, quoted)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// streamingHost answers every request with a status and a body that never ends: announced as
// 10 GB for reads, chunked for the rest.
func streamingHost(t *testing.T) *httptest.Server {
	chunk := bytes.Repeat([]byte(`{"error":"`), 4<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Length", "10000000000")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A broken or hostile host cannot hurt the run, its machine or its readers: whatever it sends,
// the run ends in bounded time and memory, and no output holds the key in any encoding, a login
// token, a raw control character, a live link or image, or more than a reader needs.
func TestAHostileHostCannotHurtTheRun(t *testing.T) {
	cat, _ := catalog.Load()
	for _, tc := range []struct {
		name string
		host *httptest.Server
	}{
		{"echoes the key, injects markup and escapes, 1 MiB messages", hostileHost(t)},
		{"streams an endless body", streamingHost(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, book := t.TempDir(), t.TempDir()
			env := []string{"MX_CONFIG=", "MX_BASE_URL=" + tc.host.URL, "MX_API_KEY=" + hostileKey, "MX_CLIENT_GUID=CLT-hostile",
				"MX_UNASSOCIATED_CLIENT_GUID=CLT-other", "MX_MOCK_CONTROL=", "MX_TIMEOUT=3s", "MX_LEDGER=" + book, "MX_RUN_PREFIX=", "MX_MAX_BODY="}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			start := time.Now()
			junit := filepath.Join(dir, "junit.xml")
			res, err := suiterun.Run(ctx, suiteBin, env, "--ginkgo.junit-report="+junit)
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			m := report.Build(res.Report, cat)
			var htmlOut, mdOut bytes.Buffer
			if err := report.WriteHTML(&htmlOut, m); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteMarkdown(&mdOut, m); err != nil {
				t.Fatal(err)
			}
			junitXML, _ := os.ReadFile(junit)
			if d := os.Getenv("HOSTILE_KEEP"); d != "" {
				_ = os.WriteFile(filepath.Join(d, "junit.xml"), junitXML, 0o644)
				_ = os.WriteFile(filepath.Join(d, "report.json"), res.JSON, 0o644)
				_ = os.WriteFile(filepath.Join(d, "summary.md"), mdOut.Bytes(), 0o644)
				_ = os.WriteFile(filepath.Join(d, "index.html"), htmlOut.Bytes(), 0o644)
				_ = os.WriteFile(filepath.Join(d, "console.txt"), []byte(res.Output), 0o644)
			}
			sweepOut, _ := sweep(t, env)
			outputs := map[string]string{"console": res.Output, "report.json": string(res.JSON), "junit.xml": string(junitXML),
				"index.html": htmlOut.String(), "summary.md": mdOut.String(), "mxsweep": sweepOut}
			t.Logf("%s: the run took %s, peak memory %d MB; sizes: console %d, report.json %d, junit.xml %d, index.html %d, summary.md %d bytes",
				tc.name, took.Round(time.Millisecond), res.MaxRSS>>20, len(res.Output), len(res.JSON), len(junitXML), htmlOut.Len(), mdOut.Len())

			if res.Passed || len(res.Report.SpecReports) < 2 {
				t.Errorf("the run passed, or ran nothing:\n%.3000s", res.Output)
			}
			if took > 90*time.Second {
				t.Errorf("the run took %s", took)
			}
			if res.MaxRSS > 200<<20 {
				t.Errorf("the suite's peak memory was %d MB, want under 200 MB", res.MaxRSS>>20)
			}
			for what, text := range outputs {
				for _, leak := range leaks(text) {
					t.Errorf("%s holds %s", what, leak)
				}
			}
			for what, limit := range map[string]int{"summary.md": 256 << 10, "index.html": 1 << 20, "junit.xml": 2 << 20, "report.json": 8 << 20, "console": 1 << 20} {
				if n := len(outputs[what]); n > limit {
					t.Errorf("%s is %d bytes, want at most %d", what, n, limit)
				}
			}
			for _, markup := range []string{"<img src=x", "<a href='http://evil", "<a href=\"http://evil"} {
				if strings.Contains(htmlOut.String(), markup) {
					t.Errorf("index.html holds the host's markup %q as markup", markup)
				}
			}
			if links := liveLinks(mdOut.Bytes()); len(links) > 0 {
				t.Errorf("summary.md renders %d links or images: %v", len(links), links)
			}
		})
	}
}

// leaks lists what an output must not hold: the key (read raw, and once more after undoing each
// encoding the output itself may use), a login token, a raw control or bidi character.
func leaks(text string) []string {
	var found []string
	decoded := map[string]string{"as written": text, "HTML-unescaped": html.UnescapeString(text), "JSON-unescaped": jsonUnescape(text)}
	if u, err := url.QueryUnescape(text); err == nil {
		decoded["query-unescaped"] = u
	}
	for how, t := range decoded {
		for _, secret := range []string{hostileKey, url.QueryEscape(hostileKey), "hostile-login-token-0001", "hostile-widget-secret"} {
			if strings.Contains(t, secret) {
				found = append(found, fmt.Sprintf("%q (%s)", secret, how))
			}
		}
	}
	for i, r := range text {
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			found = append(found, fmt.Sprintf("a raw %U at byte %d: %q", r, i, text[max(0, i-40):min(len(text), i+20)]))
			break
		}
	}
	return found
}

// jsonUnescape undoes the \uXXXX, \/ and \" escapes of JSON strings in text.
func jsonUnescape(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' && i+5 < len(text) && text[i+1] == 'u' {
			if n, err := strconv.ParseUint(text[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(n))
				i += 5
				continue
			}
		}
		if text[i] == '\\' && i+1 < len(text) && strings.IndexByte(`/"\`, text[i+1]) >= 0 {
			b.WriteByte(text[i+1])
			i++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// liveLinks renders Markdown as GitHub does (GFM, bare URLs linked, raw HTML kept) and lists the
// links and images in it.
func liveLinks(md []byte) []string {
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert(md, &out); err != nil {
		return []string{err.Error()}
	}
	var links []string
	for _, tag := range []string{"<a ", "<img", "<A ", "<IMG"} {
		for rest := out.String(); strings.Contains(rest, tag); {
			i := strings.Index(rest, tag)
			links = append(links, rest[i:min(len(rest), i+80)])
			rest = rest[i+1:]
		}
	}
	return links
}
