package mock

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
)

// newGUID makes an MX-style guid: prefix + 8-4-4-4-12 random hex, like USR-00dfffb5-62f6-....
func newGUID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return formatGUID(prefix, b[:])
}

// formatGUID writes prefix and 16 bytes as 8-4-4-4-12 hex; the string is its one allocation.
func formatGUID(prefix string, b []byte) string {
	var buf [64]byte
	out := append(buf[:0], prefix...)
	for i, part := range [5][]byte{b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]} {
		if i > 0 {
			out = append(out, '-')
		}
		out = hex.AppendEncode(out, part)
	}
	return string(out)
}

// newLoginToken looks like MX's tokens (URL-safe base64) and is unguessable.
func newLoginToken() string {
	var b [36]byte
	_, _ = rand.Read(b[:])
	var buf [48]byte
	return string(base64.RawURLEncoding.AppendEncode(buf[:0], b[:]))
}
