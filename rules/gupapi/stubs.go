package gupapi

import "embed"
import "fmt"

//go:embed stubs/*.c stubs/*.h
var stubFS embed.FS

// Stubs returns the built-in model of the tree's entry points, as C
// source, with a name for messages. It is used where the tree's own
// mm/gup.c is not in reach (a lone driver file) and, before 6.3, always.
func (m *Model) Stubs() (name string, src []byte) {
	file := "gup-6.5.c"
	switch {
	case m.SyntheticUnlockable:
		file = "gup-6.1.c"
	case m.Version.Major != 0 && !m.Version.AtLeast(6, 5):
		file = "gup-6.3.c"
	}
	b, err := stubFS.ReadFile("stubs/" + file)
	if err != nil {
		panic(fmt.Sprintf("gupapi: missing built-in model %s: %v", file, err))
	}
	return ModelDir + "/" + file, b
}

// ModelDir is the directory the built-in model's files are named in: a
// position there is gupvet's, not the tree's.
const ModelDir = "gupvet-model"

// UsesTreeGUP reports whether the tree's own mm/gup.c can serve as the
// model: from 6.3 on every entry point states its implied flags in one
// call of is_valid_gup_args, which the flag analysis reads.
func (m *Model) UsesTreeGUP() bool { return !m.SyntheticUnlockable }
