package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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
