// Package gmake evaluates the part of GNU make that kbuild files are
// written in: variables (recursive and simple), =, :=, +=, ?=,
// ifeq/ifneq/ifdef/ifndef/else/endif, include, and the text functions.
// Rules and recipes are skipped, unknown functions and $(shell …) expand
// to nothing: it reads what a kbuild file says, it never runs anything.
// Package cparse asks it which object lists name a file and which flags
// its directory adds.
package gmake
