package config

import (
	"cmp"
	"slices"
	"strings"
)

// Redacted replaces every secret the Redactor finds.
const Redacted = "REDACTED"

// Redactor hides secrets in text bound for logs, failure messages and
// reports: every occurrence of the configured secrets, and the value of any
// k= query parameter whatever it is (a key typed wrong is still a secret).
// A nil or zero Redactor applies the query rule only. It is safe for
// concurrent use.
type Redactor struct {
	secrets []string // not empty, longest first
}

// NewRedactor returns a redactor for the given secrets; empty ones are ignored.
func NewRedactor(secrets ...string) *Redactor {
	var s []string
	for _, v := range secrets {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	// Longest first, so a secret that contains another is replaced whole.
	slices.SortFunc(s, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return &Redactor{secrets: s}
}

// Redact returns s with every secret and every k= query value replaced by REDACTED.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		for _, secret := range r.secrets {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return redactKeyParam(s)
}

// redactKeyParam replaces the value of every k= parameter: "k=" at the start
// of s or after "?" or "&" (or "\u0026", how encoding/json writes "&"), up to
// the next "&", whitespace, quote or the end.
func redactKeyParam(s string) string {
	start := keyParamValue(s, 0)
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(Redacted))
	last := 0
	for start >= 0 {
		end := start
		for end < len(s) && !endsKeyParam(s, end) {
			end++
		}
		b.WriteString(s[last:start])
		b.WriteString(Redacted)
		last = end
		start = keyParamValue(s, end)
	}
	b.WriteString(s[last:])
	return b.String()
}

const jsonAmp = `\u0026`

// keyParamValue returns the index of the value of the next k= parameter at
// or after from, or -1.
func keyParamValue(s string, from int) int {
	for {
		i := strings.Index(s[from:], "k=")
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || s[i-1] == '?' || s[i-1] == '&' || strings.HasSuffix(s[:i], jsonAmp) {
			return i + 2
		}
		from = i + 1
	}
}

func endsKeyParam(s string, i int) bool {
	switch s[i] {
	case '&', ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`':
		return true
	}
	return strings.HasPrefix(s[i:], jsonAmp)
}
