package main

import "fmt"
import "io"
import "os"
import "runtime"
import "strings"

import "gupvet/analyzer"
import "gupvet/cparse"

// kbuild's checker hook: make C=1 CHECK=gupvet (files being recompiled)
// or C=2 (every file) runs, from the object tree,
//
//	$(CHECK) $(CHECKFLAGS) $(c_flags) file.c
//
// that is sparse's flags (-D__linux__ ... -Wbitwise --arch=x86
// -mlittle-endian -m64), then the compiler's (-Wp,-MMD,... -nostdinc -I
// -include -D -std= -f* -m* -W* -O2 ...), then the file. gupvet then
// checks that one translation unit in precise mode with exactly those
// preprocessor flags, prints its findings on stderr as sparse does, and
// exits 0 like sparse so that the build goes on; -Wgupvet-error anywhere
// on the command line (CHECK="gupvet -Wgupvet-error") makes findings exit
// 1 and failures 2, which stops make.

// kbuildMarkers are arguments gupvet's own command line never has and
// kbuild's always does.
var kbuildMarkers = []string{"-D", "-I", "-U", "-isystem", "-include", "-nostdinc", "--arch=", "-std=", "-Wp,", "-Wbitwise", "-Wgupvet-error"}

// isKbuildArgv reports whether args are a compiler command line: its
// source file (a .c) last, and a preprocessor or compiler flag among the
// rest.
func isKbuildArgv(args []string) bool {
	if len(args) < 2 || !strings.HasSuffix(cparse.ArgvSource(args), ".c") {
		return false
	}
	for _, a := range args {
		for _, m := range kbuildMarkers {
			if strings.HasPrefix(a, m) {
				return true
			}
		}
	}
	return false
}

func runKbuild(args []string, stdout, stderr io.Writer) int {
	strict := false
	var cc []string
	for _, a := range args {
		if a == "-Wgupvet-error" {
			strict = true
			continue
		}
		cc = append(cc, a)
	}
	fail := func(status int) int {
		if strict {
			return status
		}
		return exitClean
	}
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return fail(exitTrouble)
	}
	t, file, err := cparse.TreeForCommand(cc, dir)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: kbuild command line: %v\n", err)
		return fail(exitTrouble)
	}
	o := &options{mode: "precise", jobs: runtime.NumCPU(), verbose: os.Getenv("GUPVET_VERBOSE") != ""}
	p := &plan{tree: t, mode: cparse.Precise, why: "a compiler command line (kbuild CHECK=)", files: []string{t.Rel(file)}}
	p.context = analyzer.NeedsOf(analyzers).ContextIn(t, nil)
	p.printPlan(o, stderr)
	res, err := analyse(o, p, analyzers, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return fail(exitTrouble)
	}
	postProcess(o, p, analyzers, res, nil)
	printText(stderr, res)
	errs := append([]analyzer.FileError(nil), res.Errors...)
	printErrors(stderr, errs, o.verbose)
	switch {
	case len(errs) > 0:
		return fail(exitTrouble)
	case len(res.Findings) > 0:
		return fail(exitFindings)
	}
	return exitClean
}
