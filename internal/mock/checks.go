package mock

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// call is what the checks before a handler learned: the client and, for POST/PUT, the body.
type call struct {
	client *clientInfo
	body   fields
}

// mxHandler is an MX route's handler, run once the request passed every check.
type mxHandler func(w http.ResponseWriter, r *http.Request, c call)

// mx runs MX's checks in order (faults, Content-Type, auth, body), then the handler.
func (s *Server) mx(h mxHandler) http.HandlerFunc {
	return s.faulted(func(w http.ResponseWriter, r *http.Request) {
		hasBody := r.Method == http.MethodPost || r.Method == http.MethodPut
		if hasBody && !isJSON(r.Header.Get("Content-Type")) {
			// MX's documented 404 for a POST or PUT without application/json.
			writeError(w, http.StatusNotFound, r.Method+" "+r.URL.Path+" needs Content-Type: application/json.")
			return
		}
		client, status, msg := s.authenticate(r)
		if msg != "" {
			writeError(w, status, msg)
			return
		}
		c := call{client: client}
		if hasBody {
			if c.body, status, msg = s.readBody(w, r); msg != "" {
				writeError(w, status, msg)
				return
			}
		}
		h(w, r, c)
	})
}

// isJSON reports whether a Content-Type names the media type application/json, in any case
// and with any parameters.
func isJSON(contentType string) bool {
	if contentType == "application/json" { // the common case, without parsing
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json" // ParseMediaType lowercases the type
}

// authenticate checks k and c. MX documents none of this except U4 (the 500 on POST /user);
// the rest are the mock's choices, each with its own message.
func (s *Server) authenticate(r *http.Request) (*clientInfo, int, string) {
	k, c := queryGet(r.URL.RawQuery, "k"), queryGet(r.URL.RawQuery, "c")
	switch {
	case k == "":
		return nil, http.StatusUnauthorized, "Missing API key: pass it as the query parameter k."
	case subtle.ConstantTimeCompare([]byte(k), []byte(s.cfg.APIKey)) != 1:
		return nil, http.StatusUnauthorized, "Invalid API key."
	case c == "":
		return nil, http.StatusBadRequest, "Missing client: pass the client guid as the query parameter c."
	}
	client := s.byID[c]
	switch {
	case client != nil:
		return client, 0, ""
	case r.Pattern == "POST /user":
		return nil, http.StatusInternalServerError, "Create user failed: Client must be associated."
	default:
		return nil, http.StatusForbidden, "Client " + c + " is not associated with this API key."
	}
}

// queryGet is r.URL.Query().Get(name) without building the map: the first value of name, with
// pairs that url.ParseQuery rejects (a semicolon, a bad escape) skipped the same way.
func queryGet(rawQuery, name string) string {
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		key, val, _ := strings.Cut(pair, "=")
		if key != name {
			if !strings.ContainsAny(key, "%+") {
				continue
			}
			if k, err := url.QueryUnescape(key); err != nil || k != name {
				continue
			}
		}
		if !strings.ContainsAny(val, "%+") {
			return val
		}
		if v, err := url.QueryUnescape(val); err == nil {
			return v
		}
	}
	return ""
}
