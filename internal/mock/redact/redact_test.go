package redact

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	const key = "s3cret key/+&"
	r := New(key, "", "abc") // "" and a too-short secret are ignored
	tests := []struct{ in, want string }{
		{"/user/x?k=anything&c=CLT-1", "/user/x?k=REDACTED&c=CLT-1"},
		{"/user/x?c=CLT-1&k=", "/user/x?c=CLT-1&k=REDACTED"},
		{"/user/x?c=1;k=v", "/user/x?c=1;k=REDACTED"},
		{"/user/x?%6B=v&c=1", "/user/x?%6B=REDACTED&c=1"},
		{"/user/x?%6b=v&kk=v&ak=v", "/user/x?%6b=REDACTED&kk=v&ak=v"},
		{"k=v", "k=REDACTED"},
		{"/user/" + url.PathEscape(key), "/user/REDACTED"},
		{"/user/x?c=" + url.QueryEscape(key), "/user/x?c=REDACTED"},
		{"/user/x?c=%73%33%63%72%65%74%20%6b%65%79%2f%2b%26", "/user/x?c=REDACTED"},
		{"/user/x?c=s%33cret+key%2F%2B%26&d=1", "/user/x?c=REDACTED&d=1"},
		{"raw " + key + " twice " + key, "raw REDACTED twice REDACTED"},
		{"abc is too short to look for", "abc is too short to look for"},
		{"half s3cret ke", "half s3cret ke"},
		{"%", "%"}, {"%6", "%6"}, {"", ""},
	}
	for _, tt := range tests {
		if got := r.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (*Redactor)(nil).Redact("/x?k=v&c=" + key); got != "/x?k=REDACTED&c="+key {
		t.Errorf("nil Redactor: %q", got)
	}
	if got := r.Target("/user/"+url.PathEscape(key), "k="+url.QueryEscape(key)); strings.Contains(got, "s3cret") || strings.Contains(got, "%73") {
		t.Errorf("Target leaks: %q", got)
	}
}

// FuzzRedactNeverLeaks checks that no percent-encoding of the key survives, whatever text
// surrounds it: the mask picks which of the key's bytes are written as %XX, and in which case.
func FuzzRedactNeverLeaks(f *testing.F) {
	f.Add("/user/", "?c=1", uint32(0))
	f.Add("?c=", "&k=", uint32(0xffffffff))
	f.Add("mxmock-api-ke", "y", uint32(0x5555))
	const key = "mxmock-api-key"
	r := New(key)
	f.Fuzz(func(t *testing.T, before, after string, mask uint32) {
		var enc strings.Builder
		for i := 0; i < len(key); i++ {
			switch (mask >> (2 * i)) & 3 {
			case 1:
				fmt.Fprintf(&enc, "%%%02X", key[i])
			case 2:
				fmt.Fprintf(&enc, "%%%02x", key[i])
			default:
				enc.WriteByte(key[i])
			}
		}
		s := before + enc.String() + after
		if got := decode(r.Redact(s)); strings.Contains(got, key) {
			t.Fatalf("Redact(%q) decodes to %q", s, got)
		}
	})
}

// decode percent-decodes s the way the redactor reads it.
func decode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c, n := decodeAt(s, i)
		b.WriteByte(c)
		i += n
	}
	return b.String()
}
