package scrub

import (
	"fmt"
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

// The request lines of a log: the k parameter under any name encoding and separator, and the key
// percent-encoded anywhere in a path or query.
func TestRequestTargets(t *testing.T) {
	const key = "s3cret key/+&"
	r := New(key, "")
	for _, tc := range []struct{ in, want string }{
		{"/user/x?k=anything&c=CLT-1", "/user/x?k=REDACTED&c=CLT-1"},
		{"/user/x?c=CLT-1&k=", "/user/x?c=CLT-1&k=REDACTED"},
		{"/user/x?c=1;k=v", "/user/x?c=1;k=REDACTED"},
		{"/user/x?%6B=v&c=1", "/user/x?%6B=REDACTED&c=1"},
		{"/user/x?%6b=v&kk=v&ak=v", "/user/x?%6b=REDACTED&kk=v&ak=v"},
		{"/user/" + url.PathEscape(key), "/user/REDACTED"},
		{"/user/x?c=" + url.QueryEscape(key), "/user/x?c=REDACTED"},
		{"/user/x?c=%73%33%63%72%65%74%20%6b%65%79%2f%2b%26", "/user/x?c=REDACTED"},
		{"/user/x?c=s%33cret+key%2F%2B%26&d=1", "/user/x?c=REDACTED&d=1"},
		{"half s3cret ke", "half s3cret ke"},
		{"%", "%"}, {"%6", "%6"}, {"", ""},
	} {
		if got := r.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// No writing of the key survives, whatever surrounds it: the mask picks how each of its characters
// is written (raw, %XX in either case, \uXXXX, &#N;).
func FuzzRedactNeverLeaks(f *testing.F) {
	f.Add("/user/", "?c=1", uint64(0))
	f.Add("?c=", "&k=", uint64(0xffffffffffffffff))
	f.Add("mxmock-api-ke", "y", uint64(0x5555))
	const key = "mxmock-api-key"
	r := New(key)
	f.Fuzz(func(t *testing.T, before, after string, mask uint64) {
		var enc strings.Builder
		for i := 0; i < len(key); i++ {
			switch (mask >> (3 * i)) & 7 {
			case 1:
				fmt.Fprintf(&enc, "%%%02X", key[i])
			case 2:
				fmt.Fprintf(&enc, "%%%02x", key[i])
			case 3:
				fmt.Fprintf(&enc, `\u%04x`, key[i])
			case 4:
				fmt.Fprintf(&enc, "&#%d;", key[i])
			default:
				enc.WriteByte(key[i])
			}
		}
		got := r.Redact(before + enc.String() + after)
		for _, decoded := range []string{got, html.UnescapeString(got), jsonUnescape(got), percentDecode(got)} {
			if strings.Contains(decoded, key) {
				t.Fatalf("Redact(%q) = %q", before+enc.String()+after, got)
			}
		}
	})
}

func percentDecode(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func jsonUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' {
			var v rune
			ok := true
			for _, h := range []byte(s[i+2 : i+6]) {
				d, isHex := hexVal(h)
				ok = ok && isHex
				v = v<<4 | rune(d)
			}
			if ok {
				b.WriteRune(v)
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
