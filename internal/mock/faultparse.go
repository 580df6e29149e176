package mock

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseFaults reads faults written in mxmock's compact form (the --fault flag), separated by ";":
//
//	KIND[:OPTION[,OPTION...]]
//
// where an OPTION is a duration ("200ms": delay_ms), a range ("50ms-150ms": delay_ms and
// delay_max_ms), or one of times=N, route=METHOD /path, client=C, header=H, message=TEXT.
// A fault without times is persistent. Values cannot hold "," or ";": use a faults file.
func ParseFaults(text string) ([]Fault, error) {
	var faults []Fault
	for item := range strings.SplitSeq(text, ";") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		f, err := parseFault(item)
		if err != nil {
			return nil, fmt.Errorf("fault %q: %w", item, err)
		}
		faults = append(faults, f)
	}
	if len(faults) == 0 {
		return nil, errors.New("no fault given: use KIND[:OPTION,...], e.g. delay:200ms or connection_reset:times=3")
	}
	return faults, nil
}

// parseFault reads one fault, KIND[:OPTION,...].
func parseFault(item string) (Fault, error) {
	kind, opts, _ := strings.Cut(item, ":")
	f := Fault{Kind: strings.TrimSpace(kind)}
	for opt := range strings.SplitSeq(opts, ",") {
		if opt = strings.TrimSpace(opt); opt == "" {
			continue
		}
		if err := setOption(&f, opt); err != nil {
			return Fault{}, err
		}
	}
	return checkFault(f)
}

// setOption sets the field of f one option names.
func setOption(f *Fault, opt string) error {
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
