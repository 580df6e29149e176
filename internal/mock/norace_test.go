//go:build !race

package mock

const (
	raceEnabled  = false
	loadRequests = 10000 // the floor: at least 10,000 mixed requests
)
