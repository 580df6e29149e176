package scrub

import (
	"html"
	"net/url"
	"strings"
	"testing"
)

// Every encoding a host may echo a secret in is redacted: the raw text, query and path
// percent-encoding (twice, too), JSON escapes of every kind, HTML escapes, and mixes of them.
func TestEveryEncodingOfASecretIsRedacted(t *testing.T) {
	const key = `S3cret/Key+with&odd"<chars> 42`
	r := New(key)
	jsonEvery := func(s string) string { // every character as \u00XX
		var b strings.Builder
		for _, c := range s {
			b.WriteString(`\u00` + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
		return b.String()
	}
	for name, text := range map[string]string{
		"raw":             key,
		"query escaped":   url.QueryEscape(key),
		"path escaped":    url.PathEscape(key),
		"twice escaped":   url.QueryEscape(url.QueryEscape(key)),
		"JSON, Go's way":  `S3cret\/Key+with\u0026odd\"\u003cchars\u003e 42`,
		"JSON, each char": jsonEvery(key),
		"HTML":            html.EscapeString(key),
		"HTML numeric":    `S3cret&#47;Key&#x2B;with&#38;odd&#34;&lt;chars&gt;&#x20;42`,
		"mixed":           `S3cret%2fKey\u002bwith&amp;odd\"%3Cchars&#62;+42`,
	} {
		got := r.Redact("before " + text + " after")
		if got != "before REDACTED after" {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// A short key is redacted where it stands as a key (the k parameter, or a whole token) and
// nowhere else, so that text stays readable.
func TestAShortKeyIsRedactedOnlyAsAToken(t *testing.T) {
	r := New("k")
	for in, want := range map[string]string{
		"https://int-api2.moneydesktop.com/user?c=1&k=k": "https://int-api2.moneydesktop.com/user?c=1&k=REDACTED",
		"your API key k was refused":                     "your API key REDACTED was refused",
		`{"error":"bad key: k"}`:                         `{"error":"bad key: REDACTED"}`,
		"k k":                                            "REDACTED REDACTED",
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactorRules(t *testing.T) {
	const key = "secret-key"
	for _, tc := range []struct{ name, in, want string }{
		{"k first in query", "/user?k=secret-key&c=CLT-1", "/user?k=REDACTED&c=CLT-1"},
		{"k with a wrong key", "GET https://h/user/USR-1?c=x&k=typo-key&z=1", "GET https://h/user/USR-1?c=x&k=REDACTED&z=1"},
		{"k ends at quotes", `"/user?k=abc" '/m?k=xyz' ` + "`?k=q`", `"/user?k=REDACTED" '/m?k=REDACTED' ` + "`?k=REDACTED`"},
		{"k at start", "k=abc&c=1", "k=REDACTED&c=1"},
		{"empty k value", "/user?k=&c=1", "/user?k=REDACTED&c=1"},
		{"k in JSON with escaped ampersand", `"/user?c=1\u0026k=abc\u0026z=2"`, `"/user?c=1\u0026k=REDACTED\u0026z=2"`},
		{"other names ending in k untouched", "/user?bk=1&kk=2&k2=3 look=4", "/user?bk=1&kk=2&k2=3 look=4"},
		{"login_token field", `{"login_token": "abc\"def", "x": 1}`, `{"login_token": "REDACTED", "x": 1}`},
		{"login_token parameter", "https://w/m?login_token=abc&x=1", "https://w/m?login_token=REDACTED&x=1"},
		{"longer secret first", "a secret-key-long b", "a REDACTED b"},
		{"nothing", "GET /user/USR-1 -> 404", "GET /user/USR-1 -> 404"},
	} {
		if got := New(key, "secret-key-long").Redact(tc.in); got != tc.want {
			t.Errorf("%s: Redact(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
	var nilR *Redactor
	if got := nilR.Redact("?k=x secret"); got != "?k=REDACTED secret" {
		t.Errorf("nil: %q", got)
	}
}

// A user's login token signs that person into MoneyDesktop: once seen in an answer, it is
// redacted wherever it appears.
func TestLoginTokensAreLearned(t *testing.T) {
	r := New("the-key-0042")
	r.Learn([]byte(`{"guid":"USR-1","login_token":"cQQ380Ocyc049z6eRg--tz","other_url":"https://w.example/a?sig=0123456789abcdef"}`))
	for _, text := range []string{"token cQQ380Ocyc049z6eRg--tz in prose", "https://w.example/a?sig=0123456789abcdef", "cQQ380Ocyc049z6eRg%2D%2Dtz"} {
		if got := r.Redact(text); strings.Contains(got, "cQQ380") || strings.Contains(got, "0123456789abcdef") {
			t.Errorf("Redact(%q) = %q", text, got)
		}
	}
	r.Learn([]byte(`{"login_token":"short"}`))
	if got := r.Redact("a short word"); got != "a short word" {
		t.Errorf("a short value was learned: %q", got)
	}
}

func TestControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\nline":                "plain\ttext\nline",
		"\x1b[2Jcleared":                   `\x1b[2Jcleared`,
		"\x1b]8;;http://evil\x1b\\link":    `\x1b]8;;http://evil\x1b\link`,
		"abc\u202edcba":                    `abc\u202edcba`,
		"bell\x07 del\x7f cr\r nul\x00":    `bell\x07 del\x7f cr\x0d nul\x00`,
		"c1 \u0085 \u009b":                 `c1 \u0085 \u009b`,
		"bad \xff utf8":                    `bad \xff utf8`,
		"ünïcode and emoji 🙂 stay":         "ünïcode and emoji 🙂 stay",
		"isolates \u2066x\u2069 lrm\u200e": `isolates \u2066x\u2069 lrm\u200e`,
	} {
		if got := Controls(in); got != want {
			t.Errorf("Controls(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortenAndAround(t *testing.T) {
	long := strings.Repeat("a", 1000) + "X" + strings.Repeat("b", 1000)
	if got := Shorten(long, 10); got != "aaaaaaaaaa… [cut: 10 of 2001 bytes shown]" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten("short", 10); got != "short" {
		t.Errorf("Shorten = %q", got)
	}
	got, want, at := Around(long, strings.Repeat("a", 1000)+"Y"+strings.Repeat("b", 1000), 40)
	if at != 1001 || !strings.Contains(got, "aX") || !strings.Contains(want, "aY") || len(got) > 100 ||
		!strings.HasPrefix(got, "[990 bytes cut] …") || !strings.HasSuffix(got, "… [971 more bytes cut]") {
		t.Errorf("Around = %q, %q, %d", got, want, at)
	}
	if got, want, at := Around("User not found", "User not found.", 40); got != "User not found" || want != "User not found." || at != 15 {
		t.Errorf("Around short = %q %q %d", got, want, at)
	}
	if g, _, at := Around("é"+strings.Repeat("x", 100), "è", 10); at != 1 || !strings.HasPrefix(g, "é") {
		t.Errorf("Around at a multi-byte character: %q %d", g, at)
	}
}
