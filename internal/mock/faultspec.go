package mock

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// checkFault checks a fault the way the control API, Config.Faults and mxmock's start-up flags
// all do, and fills its default system message. Messages end with a period: the control API
// answers them as they are.
func checkFault(f Fault) (Fault, error) {
	kind := kindNamed(f.Kind)
	switch {
	case f.Kind == "":
		return Fault{}, fmt.Errorf("Missing required field: kind (one of %s).", kindNames())
	case kind == nil:
		return Fault{}, fmt.Errorf("Unknown fault kind %q: use one of %s.", f.Kind, kindNames())
	case f.Times < 0:
		return Fault{}, fmt.Errorf("Field times must be 0 (until deleted) or more, got %d.", f.Times)
	case !kind.timed && (f.DelayMS != 0 || f.DelayMaxMS != 0):
		return Fault{}, fmt.Errorf("Fields delay_ms and delay_max_ms apply to delay and slow_body only, not %s.", f.Kind)
	case kind.timed && f.DelayMS <= 0:
		return Fault{}, fmt.Errorf("Missing required field: delay_ms (milliseconds, 1 or more) for %s.", f.Kind)
	case f.DelayMaxMS != 0 && f.DelayMaxMS < f.DelayMS:
		return Fault{}, fmt.Errorf("Field delay_max_ms (%d) must be 0 or at least delay_ms (%d).", f.DelayMaxMS, f.DelayMS)
	case max(f.DelayMS, f.DelayMaxMS) > maxDelayMS:
		return Fault{}, fmt.Errorf("Fields delay_ms and delay_max_ms must be at most %d (10 minutes).", maxDelayMS)
	case f.Route != "" && !slices.Contains(mxPatterns, f.Route):
		return Fault{}, fmt.Errorf("Unknown route %q: use one of %s.", f.Route, strings.Join(mxPatterns, ", "))
	case f.Route != "" && kind.routes != nil && !slices.Contains(kind.routes, f.Route):
		return Fault{}, fmt.Errorf("Fault %s never fires on %s: it hits only %s.", f.Kind, f.Route, strings.Join(kind.routes, ", "))
	}
	if f.SystemMessage == "" {
		f.SystemMessage = kind.defaultMessage
	}
	return f, nil
}

// ParseFaults reads mxmock's compact fault specs, separated by ";":
//
//	KIND[:OPTION[,OPTION...]]
//
// where an OPTION is a duration ("200ms": delay_ms), a range ("50ms-150ms": delay_ms and
// delay_max_ms), or one of times=N, route=METHOD /path, client=C, header=H, message=TEXT.
// A fault without times is persistent. Values cannot hold "," or ";": use a faults file.
func ParseFaults(specs string) ([]Fault, error) {
	var faults []Fault
	for spec := range strings.SplitSeq(specs, ";") {
		if spec = strings.TrimSpace(spec); spec == "" {
			continue
		}
		f, err := parseFault(spec)
		if err != nil {
			return nil, fmt.Errorf("fault %q: %w", spec, err)
		}
		faults = append(faults, f)
	}
	if len(faults) == 0 {
		return nil, errors.New("no fault given: use KIND[:OPTION,...], e.g. delay:200ms or connection_reset:times=3")
	}
	return faults, nil
}

func parseFault(spec string) (Fault, error) {
	kind, opts, _ := strings.Cut(spec, ":")
	f := Fault{Kind: strings.TrimSpace(kind)}
	for opt := range strings.SplitSeq(opts, ",") {
		if opt = strings.TrimSpace(opt); opt == "" {
			continue
		}
		if err := f.setOption(opt); err != nil {
			return Fault{}, err
		}
	}
	return checkFault(f)
}

func (f *Fault) setOption(opt string) error {
	key, val, isKV := strings.Cut(opt, "=")
	if !isKV {
		lo, hi, isRange := strings.Cut(opt, "-")
		var err error
		if f.DelayMS, err = millis(lo); err != nil {
			return fmt.Errorf("option %q: %v: give a duration (200ms), a range (50ms-150ms) or key=value", opt, err)
		}
		if isRange {
			if f.DelayMaxMS, err = millis(hi); err != nil {
				return fmt.Errorf("option %q: %v", opt, err)
			}
		}
		return nil
	}
	switch key = strings.TrimSpace(key); key {
	case "times":
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return fmt.Errorf("option %q: times must be a whole number", opt)
		}
		f.Times = n
	case "route":
		f.Route = strings.TrimSpace(val)
	case "client":
		f.Scope.Client = val
	case "header":
		f.Scope.Header = val
	case "message":
		f.SystemMessage = val
	default:
		return fmt.Errorf("unknown option %q: use times, route, client, header or message", key)
	}
	return nil
}

// millis reads a duration as whole milliseconds, the unit of delay_ms.
func millis(s string) (int, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, errors.New("not a duration")
	case d < time.Millisecond:
		return 0, fmt.Errorf("%s is below 1ms", d)
	case d > maxDelayMS*time.Millisecond:
		return 0, fmt.Errorf("%s is above 10m", d)
	}
	return int(d / time.Millisecond), nil
}

// LoadFaults reads a faults file, {"faults":[...]} with each fault shaped as POST
// /_mxmock/faults takes it, and checks every fault.
func LoadFaults(path string) ([]Fault, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("faults: %w", err)
	}
	var file struct {
		Faults []Fault `json:"faults"`
	}
	if err := strictDecode(data, &file); err != nil {
		return nil, fmt.Errorf("faults %s: %w", path, err)
	}
	if len(file.Faults) == 0 {
		return nil, fmt.Errorf(`faults %s: no faults in it: want {"faults":[{"kind":"delay","delay_ms":200}]}`, path)
	}
	for i := range file.Faults {
		if file.Faults[i], err = checkFault(file.Faults[i]); err != nil {
			return nil, fmt.Errorf("faults %s: faults[%d]: %w", path, i, err)
		}
	}
	return file.Faults, nil
}
