// Package deviation proves that the contract suite can fail. Its test (deviation_test.go) runs the
// built suite against mxmock wrapped in one deviation at a time, a controlled break of exactly one
// documented behaviour, and asserts that the run fails and that the specs that fail are exactly
// the specs of the catalog rows that deviation breaks. The deviations live only in test code: the
// mock's default path never sees them.
//
// Adding a catalog row? Add its deviations to deviations_test.go (a status, a message and a shape
// deviation for a row with a body; a status deviation for one without), or the test fails.
package deviation
