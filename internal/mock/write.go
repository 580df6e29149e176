package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// writeError is the one way an error leaves the mock: the envelope {"error": msg}, as
// application/json. Every caller returns right after it.
func writeError(w http.ResponseWriter, status int, msg string) {
	b := make([]byte, 0, len(msg)+16)
	b = append(b, `{"error":`...)
	b = appendJSONString(b, msg)
	b = append(b, '}')
	writeBody(w, status, b)
}

// writeJSON writes v as JSON; HTML characters stay as they are, so bodies match byte for byte
// what a test writes by hand.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeBody(w, status, marshal(v, 64))
}

// writeBody writes an already-encoded JSON body. Each answer gets header values of its own, so
// a wrapping handler that edits one in place changes only that answer.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	values := []string{"application/json", strconv.Itoa(len(body))} // one allocation for both
	h := w.Header()
	h["Content-Type"] = values[0:1:1]
	h["Content-Length"] = values[1:2:2]
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// marshal encodes v without HTML escaping and without the encoder's trailing newline; size is
// about how long the result will be, so the buffer rarely grows.
func marshal(v any, size int) []byte {
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only the mock's own types are encoded here; failing is a bug in the mock.
		panic("mock: encoding a response: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// appendJSONString appends s as a JSON string, escaped the way encoding/json does it minus
// the HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return append(b, marshal(s, len(s)+8)...) // rare: let encoding/json do the full job
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
