// Package scantest serves the tests that check a hand-written byte
// scanner against the regexp it stands for: the random texts both are
// run on, and what the regexp finds, in the form the scanners return.
package scantest

import "math/rand"
import "regexp"
import "strings"

// RandomTexts calls f on n texts, each of 0 to limit-1 pieces drawn from
// pieces: text made of the pieces that matter to the scanner, so that
// its corner cases come up often. The seed is fixed, so a failure
// repeats.
func RandomTexts(n int, pieces []string, limit int, f func(b []byte)) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		var sb strings.Builder
		for k := r.Intn(limit); k > 0; k-- {
			sb.WriteString(pieces[r.Intn(len(pieces))])
		}
		f([]byte(sb.String()))
	}
}

// FirstGroups is the first parenthesized group of each match of rx in
// b, in order; nil when rx does not match.
func FirstGroups(rx *regexp.Regexp, b []byte) []string {
	var out []string
	for _, m := range rx.FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	return out
}
