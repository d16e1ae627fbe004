// Package flagflow computes, for every call that reaches the GUP API, the
// FOLL_ flags that may and that must reach it and whether its `locked`
// argument may be NULL, with where each came from.
//
// Each function is interpreted over a bounded set of paths ("worlds"):
// locals assigned and OR-ed under conditions, ternaries, &= ~FLAG,
// initialisers, struct fields, and tests of flag bits and pointers that
// refine what a path knows (`if (!(gup_flags & FOLL_NOWAIT))` clears the
// bit on its true side, so infeasible combinations are never reported).
// Parameters stay symbolic: a function's summary says what reaches the
// sinks in terms of its parameters, under which assumptions about them.
// A call site instantiates the callee's summary with its own arguments,
// through any number of wrappers, up to the sinks of package gupapi
// (is_valid_gup_args, the internal functions that dereference `locked`).
// The exported GUP entry points are such wrappers too: what an entry point
// adds is read from the tree's mm/gup.c, or from the built-in model. A
// WARN_ON*()/BUG_ON() check of the API's own code refines nothing and
// ends no path: whether the caller's flags pass it is for the contract
// rules to judge, so the flags go on to the sink as they are.
//
// The result is per unit: every sink event reachable from each of the
// unit's functions, with the call chain. The rules decide what to report.
package flagflow
