// Package txtartest reads the cases of a table test kept as a txtar file
// (golang.org/x/tools/txtar), where inputs of several lines, tabs and
// quotes read as they are instead of as escaped Go strings.
//
// Each section is an input, named for what it shows. The section after
// it, when named "want" (or "GROUP/want", either with ": a note"), is what
// the input must give; an input without one stands alone (for a test
// whose look-alike inputs must come back as they are).
package txtartest

import "strings"
import "testing"

import "golang.org/x/tools/txtar"

// A Case is one input and what it must give.
type Case struct {
	Name, In string
	// WantName is the want section's name, "" when the input has none;
	// Want its text, as written (one line ends in a newline).
	WantName, Want string
}

// Read reads the cases of the txtar file at path, in the file's order; a
// file with none, or a want section with no input before it, fails the
// test.
func Read(tb testing.TB, path string) []Case {
	tb.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var cases []Case
	for i := 0; i < len(a.Files); i++ {
		f := a.Files[i]
		if IsWant(f.Name) {
			tb.Fatalf("%s: section %q: a want with no input before it", path, f.Name)
		}
		c := Case{Name: f.Name, In: string(f.Data)}
		if i+1 < len(a.Files) && IsWant(a.Files[i+1].Name) {
			i++
			c.WantName, c.Want = a.Files[i].Name, string(a.Files[i].Data)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		tb.Fatalf("%s: no cases", path)
	}
	return cases
}

// IsWant reports whether a section so named holds what the input before
// it must give.
func IsWant(name string) bool {
	if _, rest, ok := strings.Cut(name, "/"); ok {
		name = rest
	}
	name, _, _ = strings.Cut(name, ":")
	return name == "want"
}

// Line is a want of one line, without its newline.
func (c Case) Line() string { return strings.TrimSuffix(c.Want, "\n") }
