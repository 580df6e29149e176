package hotpath_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/mxcontract/mxcontract/internal/mock"
)

const query = "?k=" + mock.DefaultAPIKey + "&c=" + mock.DefaultClientGUID

const sampleUser = `{"external_user_guid":"GUID-1234","email":"richard@email.com","first_name":"Richard",` +
	`"last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}`

// discard is a ResponseWriter that keeps only the status, so a benchmark measures the mock and
// not httptest.ResponseRecorder's buffering.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(status int)      { d.status = status }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) reset()                      { clear(d.h); d.status = 0 }

func newMock(b *testing.B) *mock.Server {
	b.Helper()
	s, err := mock.New(mock.Config{MaxObjects: 1 << 30}) // every create of b.N must fit
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// serve runs one request through the handler and fails the benchmark on an unexpected status.
func serve(b *testing.B, s http.Handler, w *discard, r *http.Request, want int) {
	w.reset()
	s.ServeHTTP(w, r)
	if w.status != want {
		b.Fatalf("%s %s: status %d, want %d", r.Method, r.URL, w.status, want)
	}
}

func post(path, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path+query, bytes.NewReader([]byte(body)))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// BenchmarkRouting is ServeMux plus the checks every MX route runs (faults, Content-Type, auth)
// up to the answer, on the routes the load benchmark uses and on the two 404s.
func BenchmarkRouting(b *testing.B) {
	s := newMock(b)
	serve(b, s, &discard{h: http.Header{}}, post("/user", sampleUser), http.StatusOK)
	health := httptest.NewRequest(http.MethodGet, "/_mxmock/health", nil)
	health.RemoteAddr = "127.0.0.1:40000" // the control API answers loopback callers only
	cases := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"GET_user_found", httptest.NewRequest(http.MethodGet, "/user/GUID-1234"+query, nil), http.StatusOK},
		{"GET_user_U1", httptest.NewRequest(http.MethodGet, "/user/GUID-9999"+query, nil), http.StatusBadRequest},
		{"G1_no_route", httptest.NewRequest(http.MethodGet, "/users/GUID-1234"+query, nil), http.StatusNotFound},
		{"G2_no_json", httptest.NewRequest(http.MethodPost, "/user"+query, nil), http.StatusNotFound},
		{"control_health", health, http.StatusOK},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				serve(b, s, w, c.req, c.want)
			}
		})
	}
}

// BenchmarkStore is the store behind the handler: a create (decode, checks, guids, render,
// insert), a read from a store holding 100,000 users, and an update (merge and two renders
// under the store's lock).
func BenchmarkStore(b *testing.B) {
	b.Run("create", func(b *testing.B) {
		s, w := newMock(b), &discard{h: http.Header{}}
		body := make([]byte, 0, 256)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			body = append(body[:0], `{"external_user_guid":"bench-`...)
			body = strconv.AppendInt(body, int64(i), 10)
			body = append(body, '"')
			body = append(body, sampleUser[len(`{"external_user_guid":"GUID-1234"`):]...)
			serve(b, s, w, post("/user", string(body)), http.StatusOK)
		}
	})
	b.Run("read_of_100k", func(b *testing.B) {
		s, w := newMock(b), &discard{h: http.Header{}}
		for i := range 100_000 {
			serve(b, s, w, post("/user", `{"external_user_guid":"u-`+strconv.Itoa(i)+`"}`), http.StatusOK)
		}
		req := httptest.NewRequest(http.MethodGet, "/user/u-4242"+query, nil)
		b.ReportAllocs()
		for b.Loop() {
			serve(b, s, w, req, http.StatusOK)
		}
	})
	b.Run("update", func(b *testing.B) {
		s, w := newMock(b), &discard{h: http.Header{}}
		serve(b, s, w, post("/user", sampleUser), http.StatusOK)
		b.ReportAllocs()
		for b.Loop() {
			r := httptest.NewRequest(http.MethodPut, "/user/GUID-1234"+query, bytes.NewReader([]byte(`{"status":"DISABLED"}`)))
			r.Header.Set("Content-Type", "application/json")
			serve(b, s, w, r, http.StatusOK)
		}
	})
}

// BenchmarkJSON is the JSON on both sides of the wire: the client encoding a request body as
// internal/client does (json.Marshal of the spec's map), and decoding the mock's user object.
func BenchmarkJSON(b *testing.B) {
	b.Run("client_encode_body", func(b *testing.B) {
		body := map[string]any{"external_user_guid": "mxc-1a2b3c4d-p1-user-5e6f7a8b", "email": "richard@email.com",
			"first_name": "Richard", "zip_code": "12345", "sex": "MALE"}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode_user_answer", func(b *testing.B) {
		s, rec := newMock(b), httptest.NewRecorder()
		s.ServeHTTP(rec, post("/user", sampleUser))
		answer := rec.Body.Bytes()
		b.SetBytes(int64(len(answer)))
		b.ReportAllocs()
		for b.Loop() {
			var v map[string]any
			if err := json.Unmarshal(answer, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
