// Command gupvet checks Linux kernel C for misuse of the get_user_pages
// (GUP) API contract, the way go vet checks Go.
//
// Usage:
//
//	gupvet [flags] [path ...]
//
// See README.md at the repository root, or run gupvet -h.
package main

import "os"

import "gupvet/analyzer"

func main() {
	// the same binary serves as the driver's parse worker
	if len(os.Args) == 2 && os.Args[1] == analyzer.WorkerArg {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
