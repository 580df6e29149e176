package scrub

import (
	"fmt"
	"unicode/utf8"
)

// Shorten keeps the first limit bytes of s, cut at a character, and says how much was cut.
func Shorten(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… [cut: %d of %d bytes shown]", cut, len(s))
}

// Around shows two texts that should be equal where they first differ: at most limit bytes of
// each, from a little before that place, with what was cut said. at is the 1-based character
// where they differ (one past the shorter when it is the start of the other).
func Around(got, want string, limit int) (gotShown, wantShown string, at int) {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	for i > 0 && i < len(got) && !utf8.RuneStart(got[i]) { // both share the bytes before i
		i--
	}
	at = utf8.RuneCountInString(got[:i]) + 1
	start := max(0, i-limit/4)
	for start > 0 && !utf8.RuneStart(got[start]) {
		start--
	}
	return window(got, start, limit), window(want, start, limit), at
}

// window is s from start, at most limit bytes, with a note where either end is cut.
func window(s string, start, limit int) string {
	if len(s) <= limit {
		return s
	}
	start = min(start, len(s))
	end := min(len(s), start+limit)
	for end < len(s) && end > start && !utf8.RuneStart(s[end]) {
		end--
	}
	out := s[start:end]
	if start > 0 {
		out = fmt.Sprintf("[%d bytes cut] …", start) + out
	}
	if end < len(s) {
		out += fmt.Sprintf("… [%d more bytes cut]", len(s)-end)
	}
	return out
}
