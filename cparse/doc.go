// Package cparse reads Linux kernel C for gupvet: a kernel tree and its
// configuration, and one translation unit at a time as a small syntax tree
// of its own.
//
// A Tree is a source tree with, when it has one, its configuration: a
// kbuild object tree (Obj, as kbuild's O=) or a compile_commands.json.
// From it the package finds how kbuild compiles a file (the -I, -D and
// -include flags of the kbuild files along its directory, read by a small
// make evaluator; whether the configuration builds it at all) and reads
// files through an overlay, so that a patch or a mutation can be analysed
// without writing to the tree.
//
// Parse turns a .c file into a Unit — functions, statements, expressions,
// declarations with C positions — by one of two modes. Precise mode
// preprocesses the file as kbuild compiles it and hands it to
// modernc.org/cc/v4, after the source rewrites the frontend needs on kernel
// code (each with a reproducer under testdata/gaps). Tolerant mode reads the
// file with its own macros, the headers of its own directory and a prelude
// of kernel idioms, parses only the functions that can reach the words the
// caller asks for (Options.Vocab), and gives up what it cannot read one
// top-level declaration at a time, recording each region in Unit.Lost.
//
// Inspect is the one walker of a Unit's syntax tree, in go/ast.Inspect's
// shape. The package knows nothing of the GUP API: the words that matter
// are the caller's.
package cparse
