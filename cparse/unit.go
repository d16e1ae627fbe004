package cparse

import "fmt"
import "strings"

// Mode says how a translation unit was turned into a syntax tree.
type Mode int

const (
	// Tolerant parses the file with its own macros and a prelude of kernel
	// idioms, stubbing headers it cannot or need not read. Fast, needs no
	// configured object tree, knows no header macro values.
	Tolerant Mode = iota + 1
	// Precise preprocesses the file exactly as kbuild compiles it, with the
	// tree's configuration and every header.
	Precise
)

func (m Mode) String() string {
	switch m {
	case Tolerant:
		return "tolerant"
	case Precise:
		return "precise"
	}
	return "unknown"
}

// ParseMode reads a -mode value; "auto" is the caller's business.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "tolerant":
		return Tolerant, nil
	case "precise":
		return Precise, nil
	}
	return 0, fmt.Errorf("unknown mode %q (want auto, precise or tolerant)", s)
}

// Unit is one translation unit after parsing and lowering.
type Unit struct {
	// Path is the main file, relative to the tree when inside it.
	Path string
	Mode Mode
	// Funcs are the function definitions of the main file, and those of
	// headers that mention a GUP name (inline wrappers).
	Funcs []*Func
	// FieldInits are file-scope designated initializers of struct fields.
	FieldInits []FieldInit
	// Structs are the member names, in order, of the structs the unit
	// initializes with positional brace initializers ({ a, b }), by tag:
	// what tells which member each value sets. A struct whose layout
	// cannot be read that way (anonymous members) is left out.
	Structs map[string][]string
	// Errors the frontend met. A unit with errors may still carry the
	// functions it could read (Partial).
	Errors []*Error
	// Partial is true when some of the file could not be read: Errors say
	// which lines were given up.
	Partial bool
	// Lost are the line ranges tolerant mode gave up, by file and first
	// line: top-level declarations the C frontend could not read, blanked
	// so that the rest could be, of the main file (File == Path) or of a
	// local header, and local headers read as empty (all their lines).
	// Whatever they hold (a GUP call, a macro, a type) was not analysed.
	Lost []LineRange
	// Notes say, for -v, how the unit was configured and which facts
	// tolerant mode could not know.
	Notes []string

	// Deps are the files the unit was made from (the main file and every
	// header read), absolute: the result cache checks them.
	Deps []string
	// HeaderOnly, with Options.DeferHeaderOnly, lists the local headers
	// whose functions can reach the API in a file none of whose own can:
	// the file was not parsed.
	HeaderOnly []string
	// Transient: the unit was decided from files that are not all in
	// Deps (a precise unit found to have nothing to parse, from its
	// include path's headers): good for this run, not kept across runs.
	Transient bool

	panicked bool // the frontend panicked (tolerant mode bisects for the cause)
	nested   bool // an include cycle nests without end (nothing to recover)
}

// LineRange is lines From to To of a file, inclusive, and why they were
// not analysed.
type LineRange struct {
	File     string // relative to the tree when inside it
	From, To int32  // 1-based
	Why      string // the frontend's error that made them be given up
}

// Error is a frontend failure at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.IsValid() {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	if e.Pos.File != "" {
		return fmt.Sprintf("%s: %s", e.Pos.File, e.Msg)
	}
	return e.Msg
}

// Err returns the unit's errors as one error, or nil.
func (u *Unit) Err() error {
	if len(u.Errors) == 0 {
		return nil
	}
	var b strings.Builder
	for i, e := range u.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return fmt.Errorf("%s", b.String())
}
