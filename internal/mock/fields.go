package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// opt is an optional field value: set is false when the field was absent or null.
type opt[T any] struct {
	v   T
	set bool
}

func some[T any](v T) opt[T] { return opt[T]{v: v, set: true} }

// ptr is nil when o is not set, so encoding/json writes null; otherwise it points at o's value.
func (o *opt[T]) ptr() *T {
	if !o.set {
		return nil
	}
	return &o.v
}

// input reads typed fields out of a body and keeps the first problem, so a handler can read
// every field and check once.
type input struct {
	f   fields
	err string
}

func (in *input) fail(format string, args ...any) {
	if in.err == "" {
		in.err = fmt.Sprintf(format, args...)
	}
}

// present returns the raw value of a field, or nil when it is absent or null.
func (in *input) present(name string) []byte {
	raw := in.f.get(name)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return raw
}

// str returns a string field; not set when absent or null.
func (in *input) str(name string) opt[string] {
	raw := in.present(name)
	if raw == nil {
		return opt[string]{}
	}
	s, ok := jsonString(raw)
	if !ok {
		in.fail("Field %s must be a string.", name)
		return opt[string]{}
	}
	return some(s)
}

// guid returns a string field where "" counts as absent (an empty external guid names nothing).
func (in *input) guid(name string) string { return in.str(name).v }

// integer returns an integer field; 790.0 and "790" are refused.
func (in *input) integer(name string) opt[int] {
	raw := in.present(name)
	if raw == nil {
		return opt[int]{}
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		in.fail("Field %s must be an integer.", name)
		return opt[int]{}
	}
	return some(n)
}

// oneOf returns a string field that must be one of the given values.
func (in *input) oneOf(name, a, b string) opt[string] {
	s := in.str(name)
	if s.set && s.v != a && s.v != b {
		in.fail("Field %s must be %s or %s.", name, a, b)
		return opt[string]{}
	}
	return s
}

// date returns an ISO 8601 calendar date field (YYYY-MM-DD).
func (in *input) date(name string) opt[string] {
	s := in.str(name)
	if !s.set {
		return s
	}
	if _, err := time.Parse(time.DateOnly, s.v); err != nil {
		in.fail("Field %s must be an ISO 8601 date (YYYY-MM-DD).", name)
		return opt[string]{}
	}
	return s
}

// zip returns a postal code field: US nnnnn or nnnnn-nnnn, or Canadian ana nan.
func (in *input) zip(name string) opt[string] {
	s := in.str(name)
	if !s.set {
		return s
	}
	if !matchShape(s.v, "nnnnn") && !matchShape(s.v, "nnnnn-nnnn") && !matchShape(s.v, "ana nan") {
		in.fail("Field %s must be a US ZIP code (nnnnn or nnnnn-nnnn) or a Canadian postal code (ana nan).", name)
		return opt[string]{}
	}
	return s
}

// matchShape reports whether s fits shape, where n is a digit, a an ASCII letter, and any
// other byte stands for itself.
func matchShape(s, shape string) bool {
	if len(s) != len(shape) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch shape[i] {
		case 'n':
			if c < '0' || c > '9' {
				return false
			}
		case 'a':
			if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return true
}

// credential is one {field_name, response} pair of a member.
type credential struct {
	FieldName string `json:"field_name"`
	Response  string `json:"response"`
}

// credentials returns the credentials array: nil when absent or null, empty for [] (callers
// decide whether that is an error).
func (in *input) credentials(name string) []credential {
	raw := in.present(name)
	if raw == nil {
		return nil
	}
	items, ok := splitArray(raw)
	if !ok {
		in.fail("Field %s must be an array.", name)
		return nil
	}
	out := make([]credential, 0, len(items))
	for i, item := range items {
		obj, ok := splitObject(item)
		if !ok {
			in.fail("Field %s[%d] must be an object.", name, i)
			return nil
		}
		el := input{f: obj}
		fn, resp := el.str("field_name"), el.str("response")
		switch {
		case fn.v == "":
			in.fail("Field %s[%d].field_name must be a non-empty string.", name, i)
			return nil
		case !resp.set:
			in.fail("Field %s[%d].response must be a string.", name, i)
			return nil
		}
		out = append(out, credential{FieldName: fn.v, Response: resp.v})
	}
	return out
}

// jsonString decodes a raw JSON string; plain ASCII or UTF-8 without escapes skips reflection.
func jsonString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}
