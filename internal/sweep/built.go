package main

import "fmt"
import "sort"
import "strings"

import "gupvet/analyzer"
import "gupvet/cparse"

// With an object tree, the sweep says which of its files the
// configuration builds: precise mode's goal is no parse error among those,
// and a file kbuild does not compile (another architecture's, one a
// config option leaves out, a selftest another file #includes) may need
// flags or a configuration it does not have here.

const builtClass = "built for this configuration"

// buildClass is why the tree's configuration builds the file, or not.
func buildClass(t *cparse.Tree, path string) string {
	if parts := strings.SplitN(path, "/", 3); len(parts) == 3 && parts[0] == "arch" && parts[1] != t.Arch {
		return "another architecture (arch/" + parts[1] + ")"
	}
	built, known := t.Built(path)
	switch {
	case !known:
		return "unknown to kbuild (no kbuild file above it)"
	case !built:
		return "not built in this configuration"
	}
	return builtClass
}

// buildClassTag is "[class] " for a file that is not built, "" otherwise.
func buildClassTag(t *cparse.Tree, path string) string {
	if t.Obj == "" {
		return ""
	}
	if c := buildClass(t, path); c != builtClass {
		return "[" + c + "] "
	}
	return ""
}

// printBuilt prints, per build class, how many files were analysed and
// how many were not.
func printBuilt(t *cparse.Tree, files []string, res *analyzer.Result, failed map[string]bool) {
	type counts struct{ files, analysed, recovered, failed int }
	by := map[string]*counts{}
	get := func(p string) *counts {
		c := buildClass(t, p)
		if by[c] == nil {
			by[c] = &counts{}
		}
		return by[c]
	}
	for _, f := range files {
		get(f).files++
	}
	for _, u := range res.Units {
		if u.Context || failed[u.Path] {
			continue
		}
		if u.Partial || u.Errors > 0 {
			get(u.Path).recovered++
		} else {
			get(u.Path).analysed++
		}
	}
	for _, e := range res.Errors {
		get(e.Path).failed++
	}
	var classes []string
	for c := range by {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	fmt.Println("by what the configuration builds:")
	for _, c := range classes {
		n := by[c]
		fmt.Printf("  %-48s files %4d  analysed %4d  with recoveries %3d  not analysed %3d\n", c, n.files, n.analysed, n.recovered, n.failed)
	}
}
