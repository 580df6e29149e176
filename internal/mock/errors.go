package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
)

// Documented messages that several handlers answer, written once (MX's errors page, verbatim).
func userNotFound(id string) string { return "User with guid " + id + " not found." } // U1

const memberNotFound = "Member not found." // M1; MX answers it with 500

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
	writeBody(w, status, marshal(v))
}

// writeBody writes an already-encoded JSON body.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// bodyProblem turns a failed body read into its answer: 413 over MaxBodyBytes, 408 when the
// client stopped sending and the server's ReadTimeout ran out, 400 for anything else.
func (s *Server) bodyProblem(err error) (int, string) {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("Request body exceeds %d bytes.", s.cfg.MaxBodyBytes)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return http.StatusRequestTimeout, fmt.Sprintf("Request body timed out: the whole request must arrive within %s.", s.cfg.ReadTimeout)
	}
	return http.StatusBadRequest, "Could not read the request body: " + err.Error() + "."
}

// jsonContentType is shared, never modified: it saves an allocation per response.
var jsonContentType = []string{"application/json"}

// marshal encodes v without HTML escaping and without the encoder's trailing newline.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
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
			return append(b, marshal(s)...) // rare: let encoding/json do the full job
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
