// Package scrub makes text that came from a host, or that holds a secret, safe to show: on a
// console, in a CI job summary, in JUnit, JSON and HTML. A Redactor hides every secret the run
// knows of in every encoding a host might echo it in; Controls shows control and bidi characters
// as escapes instead of letting them act on a terminal or a page; Shorten and Around keep long
// text to what a reader needs, and say how much was cut.
package scrub
