package scrub

import (
	"cmp"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces every secret the Redactor finds.
const Redacted = "REDACTED"

// MinSafeSecret is the shortest secret redacted wherever it occurs. A shorter one is redacted only
// where it stands as a whole token (and as the k parameter): replacing every "k" of a one-letter
// key would make every text unreadable.
const MinSafeSecret = 8

// Redactor hides secrets in text bound for logs, failure messages and reports: every occurrence of
// the secrets it was given or learned (login tokens), raw or encoded as a host may echo them
// (percent-encoded in query or path form, once or twice, JSON-escaped, HTML-escaped, or a mix,
// character by character); the value of any k= or login_token= query parameter whatever it is (a
// key typed wrong is still a secret); and the value of any "login_token" JSON field. A nil
// Redactor applies the rules without secrets. It is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets [][]rune   // not empty, longest first
	starts  *[256]bool // the bytes a writing of a secret may start with
}

// New returns a redactor for the given secrets; empty ones are ignored.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	r.add(secrets...)
	return r
}

func (r *Redactor) add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range secrets {
		if v != "" && !slices.ContainsFunc(r.secrets, func(s []rune) bool { return string(s) == v }) {
			r.secrets = append(r.secrets, []rune(v))
		}
	}
	// Longest first, so a secret that contains another is replaced whole.
	slices.SortStableFunc(r.secrets, func(a, b []rune) int { return cmp.Compare(len(b), len(a)) })
	r.starts = startBytes(r.secrets)
}

// maxLearn bounds the answers Learn reads; the client bounds them first (max_body).
const maxLearn = 16 << 20

// Learn takes the credentials an answer carries as secrets from now on: every "login_token"
// value (a user's token signs that person into MoneyDesktop) and the query of every "..._url"
// value (the widget URLs carry a token of their own). Bodies that are not JSON teach nothing.
func (r *Redactor) Learn(body []byte) {
	if r == nil || len(body) == 0 || len(body) > maxLearn {
		return
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return
	}
	var found []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(k, e)
			}
		case []any:
			for _, e := range v {
				walk(key, e)
			}
		case string:
			switch {
			case key == "login_token" && len(v) >= MinSafeSecret:
				found = append(found, v)
			case strings.HasSuffix(key, "_url"):
				if _, query, ok := strings.Cut(v, "?"); ok && len(query) >= MinSafeSecret {
					found = append(found, query)
				}
			}
		}
	}
	walk("", doc)
	if len(found) > 0 {
		r.add(found...)
	}
}

// Redact returns s with every secret, in any encoding, every k= and login_token= query value and
// every "login_token" JSON value replaced by REDACTED.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		r.mu.RLock()
		secrets, starts := r.secrets, r.starts
		r.mu.RUnlock()
		s = replaceSecrets(s, secrets, starts)
	}
	s = tokenField.ReplaceAllString(s, `${1}"`+Redacted+`"`)
	for _, name := range secretParams {
		s = redactParam(s, name+"=")
	}
	return s
}

// Text is Redact, then Controls: what every line bound for a reader goes through.
func (r *Redactor) Text(s string) string { return Controls(r.Redact(s)) }

// secretParams are the query parameters whose value is a credential whatever it is.
var secretParams = []string{"k", "login_token"}

// tokenField is a "login_token" JSON field with a string value.
var tokenField = regexp.MustCompile(`("login_token"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// redactParam replaces the value of every name= parameter: name= (its name percent-encoded, too:
// %6B=) at the start of s or after "?", "&", ";" (or "\u0026", how encoding/json writes "&"), up to
// the next "&", ";", "#", whitespace, quote or the end.
func redactParam(s, param string) string {
	start := paramValue(s, param, 0)
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(Redacted))
	last := 0
	for start >= 0 {
		end := start
		for end < len(s) && !endsParam(s, end) {
			end++
		}
		b.WriteString(s[last:start])
		b.WriteString(Redacted)
		last = end
		start = paramValue(s, param, end)
	}
	b.WriteString(s[last:])
	return b.String()
}

const jsonAmp = `\u0026`

// paramValue returns the index of the value of the next param ("k=") at or after from, or -1.
func paramValue(s, param string, from int) int {
	for i := from; i < len(s); i++ {
		if i > 0 && s[i-1] != '?' && s[i-1] != '&' && s[i-1] != ';' && !strings.HasSuffix(s[:i], jsonAmp) {
			continue
		}
		if n := matchEncoded(s, i, []rune(param)); n > 0 {
			return n
		}
	}
	return -1
}

func endsParam(s string, i int) bool {
	switch s[i] {
	case '&', ';', '#', ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`':
		return true
	}
	return strings.HasPrefix(s[i:], jsonAmp)
}
