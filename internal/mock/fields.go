package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// fields is a request body's members, one level deep: the raw bytes of each value, kept until a
// handler asks for a field by name, so a wrong type can be reported with the field's name.
// Unknown keys are ignored; of a key sent twice, the last counts (as encoding/json does).
type fields []field

type field struct {
	key []byte // unescaped
	raw []byte // the value as sent, valid JSON
}

// get returns the raw value of a key, or nil.
func (f fields) get(name string) []byte {
	for i := len(f) - 1; i >= 0; i-- {
		if string(f[i].key) == name {
			return f[i].raw
		}
	}
	return nil
}

// preallocBody is the largest announced Content-Length read into a buffer made up front.
const preallocBody = 1 << 20

// readBody reads a POST/PUT body of at most MaxBodyBytes and splits it into its fields.
// It returns a status and message when the body is not acceptable.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (fields, int, string) {
	limit := s.cfg.MaxBodyBytes
	if r.ContentLength > limit { // refused before reading a byte
		status, msg := s.bodyProblem(&http.MaxBytesError{Limit: limit})
		return nil, status, msg
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	var data []byte
	var err error
	if n := r.ContentLength; n >= 0 && n <= preallocBody {
		// net/http guarantees exactly n bytes: read them into a buffer of the right size.
		data = make([]byte, n)
		_, err = io.ReadFull(body, data)
	} else {
		// Chunked, or a length too big to trust before the bytes arrive (a huge MaxBodyBytes
		// must not let one header allocate it): grow as data comes, up to the limit.
		data, err = io.ReadAll(body)
	}
	if err != nil {
		status, msg := s.bodyProblem(err)
		return nil, status, msg
	}
	if !json.Valid(data) {
		var v any // the scanner's own words for what is wrong
		if se, ok := errors.AsType[*json.SyntaxError](json.Unmarshal(data, &v)); ok {
			return nil, http.StatusBadRequest, "Malformed JSON body: " + se.Error() + "."
		}
		return nil, http.StatusBadRequest, "Body must be a JSON object."
	}
	f, ok := splitObject(data)
	if !ok { // null, an array, a string, a number
		return nil, http.StatusBadRequest, "Body must be a JSON object."
	}
	return f, 0, ""
}

// splitObject splits a valid JSON value into the members of the object it is; ok is false when
// it is not an object. The fields point into data.
func splitObject(data []byte) (f fields, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	f = make(fields, 0, 8)
	if i = skipSpace(data, i+1); data[i] == '}' {
		return f, true
	}
	for {
		end := skipValue(data, i) // the key, a string
		key := data[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) { // decoded as encoding/json does
			var k string
			_ = json.Unmarshal(data[i:end], &k)
			key = []byte(k)
		}
		i = skipSpace(data, skipSpace(data, end)+1) // past the ':'
		end = skipValue(data, i)
		f = append(f, field{key: key, raw: data[i:end]})
		if i = skipSpace(data, end); data[i] == '}' {
			return f, true
		}
		i = skipSpace(data, i+1) // past the ','
	}
}

// splitArray returns the elements of a valid JSON array; ok is false when raw is no array.
func splitArray(raw []byte) (items [][]byte, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	if i = skipSpace(raw, i+1); raw[i] == ']' {
		return items, true
	}
	for {
		end := skipValue(raw, i)
		items = append(items, raw[i:end])
		if i = skipSpace(raw, end); raw[i] == ']' {
			return items, true
		}
		i = skipSpace(raw, i+1) // past the ','
	}
}

// skipValue returns the index just past the JSON value that starts at i in valid JSON.
func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		for i++; data[i] != '"'; i++ {
			if data[i] == '\\' {
				i++ // the escaped byte
			}
		}
		return i + 1
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch data[i] {
			case '"':
				i = skipValue(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(data) && !endsScalar(data[i]) { // a number, true, false or null
		i++
	}
	return i
}

func endsScalar(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
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

// str returns a string field, or nil when absent or null.
func (in *input) str(name string) *string {
	raw := in.present(name)
	if raw == nil {
		return nil
	}
	s, ok := jsonString(raw)
	if !ok {
		in.fail("Field %s must be a string.", name)
		return nil
	}
	return &s
}

// guid returns a string field where "" counts as absent (an empty external guid names nothing).
func (in *input) guid(name string) string {
	if s := in.str(name); s != nil {
		return *s
	}
	return ""
}

// integer returns an integer field, or nil when absent or null; 790.0 and "790" are refused.
func (in *input) integer(name string) *int {
	raw := in.present(name)
	if raw == nil {
		return nil
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		in.fail("Field %s must be an integer.", name)
		return nil
	}
	return &n
}

// oneOf returns a string field that must be one of the given values.
func (in *input) oneOf(name, a, b string) *string {
	s := in.str(name)
	if s != nil && *s != a && *s != b {
		in.fail("Field %s must be %s or %s.", name, a, b)
		return nil
	}
	return s
}

// date returns an ISO 8601 calendar date field (YYYY-MM-DD).
func (in *input) date(name string) *string {
	s := in.str(name)
	if s == nil {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, *s); err != nil {
		in.fail("Field %s must be an ISO 8601 date (YYYY-MM-DD).", name)
		return nil
	}
	return s
}

// zip returns a postal code field: US nnnnn or nnnnn-nnnn, or Canadian ana nan.
func (in *input) zip(name string) *string {
	s := in.str(name)
	if s == nil {
		return nil
	}
	if !matchShape(*s, "nnnnn") && !matchShape(*s, "nnnnn-nnnn") && !matchShape(*s, "ana nan") {
		in.fail("Field %s must be a US ZIP code (nnnnn or nnnnn-nnnn) or a Canadian postal code (ana nan).", name)
		return nil
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
		case fn == nil || *fn == "":
			in.fail("Field %s[%d].field_name must be a non-empty string.", name, i)
			return nil
		case resp == nil:
			in.fail("Field %s[%d].response must be a string.", name, i)
			return nil
		}
		out = append(out, credential{FieldName: *fn, Response: *resp})
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
