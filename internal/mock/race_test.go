//go:build race

package mock

// The race detector makes the loopback load test about 4x slower (≈1,200 req/s on two cores):
// it sends half as many requests, so `make test` stays well within 15s. The normal run
// (norace_test.go) sends the full 10,000.
const (
	raceEnabled  = true
	loadRequests = 5000
)
