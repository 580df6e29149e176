package mock

import (
	"sync"
	"testing"
)

// TestConcurrentResetsKeepOneCopyOfEachStartUpFault resets from many goroutines at once: each
// reset must swap the faults whole, so the start-up faults come back once, never twice (a
// times:N fault that came back twice fired 2N times).
func TestConcurrentResetsKeepOneCopyOfEachStartUpFault(t *testing.T) {
	s := newServer(t, func(c *Config) {
		c.Faults = []Fault{{Kind: "outage", Times: 2, Scope: FaultScope{Header: "startup"}}}
	})
	for round := range 200 {
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() { do(t, s, "POST", "/_mxmock/reset", "") })
		}
		wg.Wait()
		if l := listFaults(t, s); len(l) != 1 {
			t.Fatalf("round %d: after 16 concurrent resets, %d faults: %+v; want the one start-up fault", round, len(l), l)
		}
	}
}
