package scrub

import (
	"strings"
	"unicode/utf8"
)

// replaceSecrets replaces every occurrence of every secret, in any encoding, by Redacted. A secret
// shorter than MinSafeSecret counts only where it stands as a whole token.
func replaceSecrets(s string, secrets [][]rune, starts *[256]bool) string {
	if len(secrets) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		end := -1
		if starts[s[i]] {
			for _, secret := range secrets {
				if e := matchEncoded(s, i, secret); e > 0 && (len(secret) >= MinSafeSecret || wholeToken(s, i, e)) {
					end = e
					break
				}
			}
		}
		if end < 0 {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(Redacted)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// startBytes are the bytes a secret's writing may start with: its first character's first byte,
// or one that starts an escape (%XX, \uXXXX, \/, &...;, + for a space).
func startBytes(secrets [][]rune) *[256]bool {
	var starts [256]bool
	for _, c := range []byte{'%', '\\', '&', '+'} {
		starts[c] = true
	}
	for _, s := range secrets {
		var buf [utf8.UTFMax]byte
		utf8.EncodeRune(buf[:], s[0])
		starts[buf[0]] = true
	}
	return &starts
}

// matchEncoded returns the end of the secret written at s[i:] with each character raw or escaped,
// or -1. A character may be written several ways from the same place ("&" raw, or "&amp;"), so
// each is tried.
func matchEncoded(s string, i int, secret []rune) int {
	if len(secret) == 0 {
		return i
	}
	var lengths [2]int
	for _, n := range encodes(s[i:], secret[0], lengths[:0]) {
		if end := matchEncoded(s, i+n, secret[1:]); end >= 0 {
			return end
		}
	}
	return -1
}

// encodes appends how many bytes at the start of s write the character c, raw or in one of the
// escapes a host may use: at most two ways, the raw one and an escape.
func encodes(s string, c rune, ways []int) []int {
	if r, n := utf8.DecodeRuneInString(s); n > 0 && r == c && r != utf8.RuneError {
		ways = append(ways, n)
	}
	if s == "" {
		return ways
	}
	n := 0
	switch s[0] {
	case '%':
		n = percent(s, c)
		if n == 0 && c == ' ' {
			n = percent(s, '+') // a space written + and then percent-encoded
		}
	case '\\':
		n = jsonEscape(s, c)
	case '&':
		n = htmlEscape(s, c)
	case '+':
		if c == ' ' {
			n = 1
		}
	}
	if n > 0 {
		ways = append(ways, n)
	}
	return ways
}

// percent matches c's UTF-8 bytes as %XX each, or %25XX (percent-encoded twice).
func percent(s string, c rune) int {
	var buf [utf8.UTFMax]byte
	n := 0
	for _, want := range buf[:utf8.EncodeRune(buf[:], c)] {
		rest := s[n:]
		if strings.HasPrefix(rest, "%25") && len(rest) >= 5 && isHexPair(rest[3:5], want) {
			n += 5
		} else if len(rest) >= 3 && rest[0] == '%' && isHexPair(rest[1:3], want) {
			n += 3
		} else {
			return 0
		}
	}
	return n
}

func isHexPair(h string, want byte) bool {
	hi, ok1 := hexVal(h[0])
	lo, ok2 := hexVal(h[1])
	return ok1 && ok2 && hi<<4|lo == want
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// jsonEscape matches \uXXXX (a surrogate pair above the BMP), or \/ \" \\ for those characters.
func jsonEscape(s string, c rune) int {
	if len(s) >= 2 {
		switch s[1] {
		case '/', '"', '\\':
			if rune(s[1]) == c {
				return 2
			}
		}
	}
	if c >= 0x10000 {
		hi, lo := utf16Pair(c)
		if u4(s, hi) && u4(s[6:], lo) {
			return 12
		}
		return 0
	}
	if u4(s, c) {
		return 6
	}
	return 0
}

// u4 reports whether s starts with \u and four hex digits that make c.
func u4(s string, c rune) bool {
	if len(s) < 6 || s[0] != '\\' || (s[1] != 'u' && s[1] != 'U') {
		return false
	}
	var v rune
	for _, h := range []byte(s[2:6]) {
		d, ok := hexVal(h)
		if !ok {
			return false
		}
		v = v<<4 | rune(d)
	}
	return v == c
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// htmlNamed are the named entities a host's HTML escaping writes.
var htmlNamed = map[rune][]string{'&': {"&amp;"}, '<': {"&lt;"}, '>': {"&gt;"}, '"': {"&quot;"}, '\'': {"&apos;"}}

// htmlEscape matches &#N; or &#xH; (leading zeros allowed, any case), or a named entity.
func htmlEscape(s string, c rune) int {
	for _, name := range htmlNamed[c] {
		if strings.HasPrefix(s, name) {
			return len(name)
		}
	}
	if len(s) < 4 || s[1] != '#' {
		return 0
	}
	i, base := 2, rune(10)
	if s[2] == 'x' || s[2] == 'X' {
		i, base = 3, 16
	}
	var v rune
	start := i
	for ; i < len(s) && i-start < 10; i++ {
		d, ok := hexVal(s[i])
		if !ok || (base == 10 && d > 9) {
			break
		}
		v = v*base + rune(d)
	}
	if i == start || i >= len(s) || s[i] != ';' || v != c {
		return 0
	}
	return i + 1
}

// wholeToken reports whether s[i:end] stands alone: no letter or digit just before or after it,
// and no "=" after it (then it is a parameter's name, such as k=).
func wholeToken(s string, i, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return !(i > 0 && alnum(before)) && !(end < len(s) && (alnum(after) || after == '='))
}

func alnum(c rune) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
