package hotpath_test

import (
	"net/http"
	"testing"

	"github.com/go-resty/resty/v2"
	"github.com/mxcontract/mxcontract/internal/catalog"
	"github.com/mxcontract/mxcontract/internal/matchers"
)

func loadCatalog(b *testing.B) *catalog.Catalog {
	b.Helper()
	cat, err := catalog.Load()
	if err != nil {
		b.Fatal(err)
	}
	return cat
}

func row(b *testing.B, cat *catalog.Catalog, id string) catalog.Row {
	b.Helper()
	r, ok := cat.Row(id)
	if !ok {
		b.Fatalf("no row %s", id)
	}
	return r
}

// prepared is a response as resty hands it to a spec, built without a server so the benchmark
// measures the matcher alone.
func prepared(status int, contentType, body string) *resty.Response {
	resp := &resty.Response{RawResponse: &http.Response{StatusCode: status, Header: http.Header{}}}
	resp.RawResponse.Header.Set("Content-Type", contentType)
	return resp.SetBody([]byte(body))
}

// BenchmarkCatalogExpect binds a row's placeholders to a request's values, as every spec does.
func BenchmarkCatalogExpect(b *testing.B) {
	cat := loadCatalog(b)
	u1, a1 := row(b, cat, "U1"), row(b, cat, "A1")
	b.Run("U1_one_placeholder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = u1.Expect("mxc-1a2b3c4d-p1-missing-user-5e6f7a8b")
		}
	})
	b.Run("A1_two_placeholders", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = a1.Expect("ACC-1", "mxc-1a2b3c4d-p1-member-5e6f7a8b")
		}
	})
}

// BenchmarkHaveMXError is the one assertion of every spec: status, Content-Type, the envelope's
// JSON Schema and the exact message; "mismatch" also builds the failure message.
func BenchmarkHaveMXError(b *testing.B) {
	exp := row(b, loadCatalog(b), "U1").Expect("GUID-9999")
	good := prepared(400, "application/json", `{"error":"User with guid GUID-9999 not found."}`)
	bad := prepared(400, "application/json", `{"error":"User with guid GUID-9999 not found"}`)
	b.Run("match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ok, err := matchers.HaveMXError(exp).Match(good); !ok || err != nil {
				b.Fatalf("no match: %v", err)
			}
		}
	})
	b.Run("mismatch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := matchers.HaveMXError(exp)
			if ok, _ := m.Match(bad); ok {
				b.Fatal("matched a message without its period")
			}
			_ = m.FailureMessage(bad)
		}
	})
	b.Run("check_envelope", func(b *testing.B) {
		body := []byte(`{"error":"User with guid GUID-9999 not found."}`)
		b.ReportAllocs()
		for b.Loop() {
			if _, problems := matchers.CheckEnvelope("application/json", body); len(problems) > 0 {
				b.Fatal(problems)
			}
		}
	})
}
