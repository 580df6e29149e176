package mock

import (
	"errors"
	"fmt"
	"net/http"
	"os"
)

// Documented messages that several handlers answer, written once (MX's errors page, verbatim).
func userNotFound(id string) string { return "User with guid " + id + " not found." } // U1

const memberNotFound = "Member not found." // M1; MX answers it with 500

// problem is an error whose text is the answer the control API gives for it: a whole sentence,
// capitalised and ending with its period, written to a caller rather than wrapped by Go code.
type problem string

func (p problem) Error() string { return string(p) }

// problemf formats a problem.
func problemf(format string, args ...any) error { return problem(fmt.Sprintf(format, args...)) }

// Answers when a limit is reached; each says which limit and what to do.
func (s *Server) fullMessage() string {
	return fmt.Sprintf("Store is full (%d objects): reset the mock.", s.cfg.MaxObjects)
}

// limitError is a problem that comes from a limit reached (507), not from a wrong request.
type limitError struct{ problem }

func fullFaults(max int) error {
	return limitError{problem(fmt.Sprintf("Too many faults (%d active): delete some or reset the mock.", max))}
}

func fullAccounts(max int) error {
	return limitError{problem(fmt.Sprintf("Too many feed accounts (%d at most): reset the mock.", max))}
}

// bodyProblem turns a failed body read into its answer: 413 over MaxBodyBytes, 408 when the
// client stopped sending and the server's ReadTimeout ran out, 400 for anything else.
func (s *Server) bodyProblem(err error) (int, string) {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("Request body exceeds %d bytes.", s.cfg.MaxBodyBytes)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return http.StatusRequestTimeout, fmt.Sprintf("Request body timed out: the whole request must arrive within %s.", s.cfg.ReadTimeout)
	}
	return http.StatusBadRequest, "Could not read the request body: " + err.Error() + "."
}
