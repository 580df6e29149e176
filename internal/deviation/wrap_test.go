package deviation_test

import (
	"bytes"
	"github.com/mxcontract/mxcontract/mxmock/wire"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// answer is the mock's answer to one request, held so a deviation can change it before it is sent.
type answer struct {
	status int
	header http.Header
	body   []byte
	hangUp bool // no answer at all: the connection is closed
}

// deviate wraps the mock so that every answer the deviation selects is changed; the mock's control
// API passes untouched, so faults still work.
func deviate(mock http.Handler, d deviation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, wire.ControlPrefix+"/") {
			mock.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		mock.ServeHTTP(rec, r)
		a := &answer{status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
		if d.selects(r, a) {
			d.change(r, a)
		}
		if a.hangUp {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(http.ErrAbortHandler)
			}
			_ = conn.Close()
			return
		}
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(bytes.Clone(a.body))
	})
}
