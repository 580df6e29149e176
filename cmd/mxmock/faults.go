package main

import (
	"fmt"
	"strings"

	"github.com/mxcontract/mxcontract/internal/mock"
)

// faultList is the repeatable --fault flag: each value is one or more faults in the compact
// form (mock.ParseFaults), added in the order given.
type faultList struct{ list *[]mock.Fault }

func (f faultList) String() string {
	if f.list == nil {
		return ""
	}
	return describeFaults(*f.list)
}

func (f faultList) Set(s string) error {
	faults, err := mock.ParseFaults(s)
	if err != nil {
		return err
	}
	*f.list = append(*f.list, faults...)
	return nil
}

// describeFaults is the startup line's account of the start-up faults, so a log shows at
// once that this mock was started slow or flaky on purpose.
func describeFaults(faults []mock.Fault) string {
	var parts []string
	for _, f := range faults {
		p := f.Kind
		switch {
		case f.DelayMaxMS > f.DelayMS:
			p += fmt.Sprintf(" %dms-%dms", f.DelayMS, f.DelayMaxMS)
		case f.DelayMS > 0:
			p += fmt.Sprintf(" %dms", f.DelayMS)
		}
		if f.Route != "" {
			p += " on " + f.Route
		}
		if f.Scope.Client != "" || f.Scope.Header != "" {
			p += " (scoped)"
		}
		if f.Times > 0 {
			p += fmt.Sprintf(" ×%d", f.Times)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}
