// Package callsites defines an Analyzer that inventories a unit's GUP
// call sites: every call of an entry point of the GUP API
// (gupapi.EntryPoints) in the unit's own code, with the flags that reach
// its flags argument on every path gupvet follows (and where each was
// set), what the entry point adds, and what its `locked` argument may be.
// It reports nothing: its result is the inventory `gupvet -calls` prints,
// and the account of every run (how many sites were analysed, which were
// in code that could not be parsed).
//
// # Analyzer callsites
//
// callsites: list the GUP call sites of a unit and the values that reach them
//
// A site is a call, in the unit's file or in one of its headers' inline
// functions, of a function named in gupapi.EntryPoints, outside the GUP
// API's own file (mm/gup.c). Its values join every path of the function
// that makes it and, for values it reads from struct members, every
// caller whose object brings them. The argument positions are those of
// the tree's own definition of the entry point (the parameters named
// gup_flags, pages and locked), so each version's signature is read as it
// is.
//
// The unit's file is also read as text: an entry point's name followed by
// "(" outside comments, strings, declarations and #define lines that is
// not an analysed site is listed as unseen, with why: in a region the
// frontend could not parse (a loss: the run's exit status says so), or
// not in the code this configuration compiles.
package callsites
