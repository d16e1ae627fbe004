// Command dbg parses files of a tree as gupvet would and prints what each
// unit holds: its functions (FUNCS=1 lists them), errors, notes, the time
// taken. OBJ=<objtree> gives the object tree, MODE=precise the mode,
// WHOLE=1 reads every function (not only those naming a GUP word),
// COMPDB=<compile_commands.json> its flags, CPUPROFILE=<file> a profile.
// Usage: go run ./internal/dbg TREE FILE... (a whole run's heap: gupvet
// -memprofile, with GUPVET_ISOLATION=off to parse in-process).
package main

import "fmt"
import "os"
import "runtime/pprof"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/all"

func main() {
	t, err := cparse.NewTree(os.Args[1], os.Getenv("OBJ"))
	if err != nil {
		panic(err)
	}
	if p := os.Getenv("COMPDB"); p != "" {
		// a compile_commands.json whose flags win in precise mode
		if err := t.UseCompileCommands(p); err != nil {
			panic(err)
		}
	}
	if p := os.Getenv("CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	mode := cparse.Tolerant
	if os.Getenv("MODE") == "precise" {
		mode = cparse.Precise
	}
	for _, f := range os.Args[2:] {
		t0 := time.Now()
		u, err := t.Parse(f, analyzer.NeedsOf(all.Analyzers).Options(mode, os.Getenv("WHOLE") != ""))
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		fmt.Printf("%s: %d funcs, %d errors, partial=%v, %v\n", f, len(u.Funcs), len(u.Errors), u.Partial, time.Since(t0))
		for _, e := range u.Errors {
			fmt.Println("  error:", e)
		}
		for _, n := range u.Notes {
			fmt.Println("  note:", n)
		}
		if os.Getenv("FUNCS") != "" {
			for _, fn := range u.Funcs {
				fmt.Println("  func", fn.Name, fn.P, len(fn.Params), fn.Header)
			}
		}
	}
}
