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

func formatGUID(prefix string, b []byte) string {
	buf := make([]byte, len(prefix)+36)
	n := copy(buf, prefix)
	for i, part := range [][]byte{b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]} {
		if i > 0 {
			buf[n] = '-'
			n++
		}
		n += hex.Encode(buf[n:], part)
	}
	return string(buf)
}

// newLoginToken looks like MX's tokens (URL-safe base64) and is unguessable.
func newLoginToken() string {
	var b [36]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
