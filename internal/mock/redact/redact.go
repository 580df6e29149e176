// Package redact hides an API key in text bound for a log: every occurrence of the key, however
// it is percent-encoded (k=..., a path segment, %6D%78..., a+b for "a b"), and the value of
// every k query parameter, even one whose name is percent-encoded (%6B=...), whatever the value
// is (a key typed wrong is still a secret).
//
// It imports nothing but the standard library and knows nothing of the mock, so it can become
// the project's one redactor.
package redact

import (
	"cmp"
	"slices"
	"strings"
)

// Redacted replaces every secret the Redactor finds.
const Redacted = "REDACTED"

// MinSecretLen is the shortest secret looked for in free text: a shorter one would blank out
// ordinary words. Shorter secrets are still hidden as the value of k.
const MinSecretLen = 4

// Redactor hides the configured secrets. A nil Redactor hides k values only. It is safe for
// concurrent use.
type Redactor struct {
	secrets []string // at least MinSecretLen bytes each, longest first
}

// New returns a redactor for the given secrets; empty and too short ones are ignored.
func New(secrets ...string) *Redactor {
	var s []string
	for _, v := range secrets {
		if len(v) >= MinSecretLen && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	// Longest first, so a secret that contains another is replaced whole.
	slices.SortFunc(s, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return &Redactor{secrets: s}
}

// Redact returns s with every k parameter's value and every secret, in any percent-encoding,
// replaced by Redacted.
func (r *Redactor) Redact(s string) string {
	s = redactKeyParams(s)
	if r == nil {
		return s
	}
	for _, secret := range r.secrets {
		s = replaceEncoded(s, secret)
	}
	return s
}

// Target is a request's path and query as a log shows it: Redact of path?query.
func (r *Redactor) Target(escapedPath, rawQuery string) string {
	if rawQuery == "" {
		return r.Redact(escapedPath)
	}
	return r.Redact(escapedPath + "?" + rawQuery)
}

// redactKeyParams replaces the value of every query parameter named k: a name "k", or one that
// percent-decodes to it ("%6B", "%6b"), at the start of s or after "?", "&" or ";", up to the
// next "&", ";", "#", whitespace or the end.
func redactKeyParams(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i-1] != '?' && s[i-1] != '&' && s[i-1] != ';' {
			continue
		}
		n := keyName(s[i:])
		if n == 0 {
			continue
		}
		start := i + n
		end := start
		for end < len(s) && !strings.ContainsRune("&;# \t\r\n", rune(s[end])) {
			end++
		}
		b.WriteString(s[last:start])
		b.WriteString(Redacted)
		last, i = end, end-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// keyName returns the length of "k=" (the name in any percent-encoding) at the start of s, or 0.
func keyName(s string) int {
	c, n := decodeAt(s, 0)
	if n == 0 || c != 'k' || n >= len(s) || s[n] != '=' {
		return 0
	}
	return n + 1
}

// replaceEncoded replaces every run of s that decodes to secret, byte by byte: a byte may be
// itself, %XX in either case, or "+" for a space.
func replaceEncoded(s, secret string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if n := matchEncoded(s[i:], secret); n > 0 {
			b.WriteString(s[last:i])
			b.WriteString(Redacted)
			i += n
			last = i
			continue
		}
		i++
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// matchEncoded returns how many bytes at the start of s decode to secret, or 0.
func matchEncoded(s, secret string) int {
	i := 0
	for j := 0; j < len(secret); j++ {
		c, n := decodeAt(s, i)
		if n == 0 {
			return 0
		}
		if c != secret[j] && (s[i] != '+' || secret[j] != ' ') {
			return 0
		}
		i += n
	}
	return i
}

// decodeAt decodes one byte of s at i: %XX, or the byte itself; n is 0 at the end of s.
func decodeAt(s string, i int) (c byte, n int) {
	if i >= len(s) {
		return 0, 0
	}
	if s[i] == '%' && i+2 < len(s) {
		if hi, ok := unhex(s[i+1]); ok {
			if lo, ok := unhex(s[i+2]); ok {
				return hi<<4 | lo, 3
			}
		}
	}
	return s[i], 1
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
