package mock

import (
	"slices"
	"strings"
)

// checkFault checks a fault the way the control API, Config.Faults and mxmock's start-up flags
// all do, and fills its default system message. Its problems are control-API answers, sentences
// with their period (see problem).
func checkFault(f Fault) (Fault, error) {
	kind := kindNamed(f.Kind)
	switch {
	case f.Kind == "":
		return Fault{}, problemf("Missing required field: kind (one of %s).", kindNames())
	case kind == nil:
		return Fault{}, problemf("Unknown fault kind %q: use one of %s.", f.Kind, kindNames())
	case f.Times < 0:
		return Fault{}, problemf("Field times must be 0 (until deleted) or more, got %d.", f.Times)
	case !kind.timed && (f.DelayMS != 0 || f.DelayMaxMS != 0):
		return Fault{}, problemf("Fields delay_ms and delay_max_ms apply to delay and slow_body only, not %s.", f.Kind)
	case kind.timed && f.DelayMS <= 0:
		return Fault{}, problemf("Missing required field: delay_ms (milliseconds, 1 or more) for %s.", f.Kind)
	case f.DelayMaxMS != 0 && f.DelayMaxMS < f.DelayMS:
		return Fault{}, problemf("Field delay_max_ms (%d) must be 0 or at least delay_ms (%d).", f.DelayMaxMS, f.DelayMS)
	case max(f.DelayMS, f.DelayMaxMS) > maxDelayMS:
		return Fault{}, problemf("Fields delay_ms and delay_max_ms must be at most %d (10 minutes).", maxDelayMS)
	case f.Route != "" && !slices.Contains(mxPatterns, f.Route):
		return Fault{}, problemf("Unknown route %q: use one of %s.", f.Route, strings.Join(mxPatterns, ", "))
	case f.Route != "" && kind.routes != nil && !slices.Contains(kind.routes, f.Route):
		return Fault{}, problemf("Fault %s never fires on %s: it hits only %s.", f.Kind, f.Route, strings.Join(kind.routes, ", "))
	case len(f.SystemMessage) > MaxSystemMessageBytes:
		return Fault{}, problemf("Field system_message must be at most %d bytes, got %d.", MaxSystemMessageBytes, len(f.SystemMessage))
	case len(f.Scope.Client) > MaxIDBytes:
		return Fault{}, problemf("Field scope.client must be at most %d bytes, got %d.", MaxIDBytes, len(f.Scope.Client))
	case len(f.Scope.Header) > MaxIDBytes:
		return Fault{}, problemf("Field scope.header must be at most %d bytes, got %d.", MaxIDBytes, len(f.Scope.Header))
	}
	f.ID = ""
	if f.SystemMessage == "" {
		f.SystemMessage = kind.defaultMessage
	}
	return f, nil
}
