package main

import "fmt"
import "go/token"
import "io"

import "gupvet/analyzer"

// printText prints one finding per line, "path:line:col: message [rule]",
// in the driver's order (by position, then rule). Each related position
// follows on its own line, indented with a tab, "\tpath:line:col: message",
// the way sparse and gcc print notes, so that a reader sees where the
// flags came from without asking for more.
func printText(w io.Writer, res *analyzer.Result) {
	for _, f := range res.Findings {
		fmt.Fprintf(w, "%s: %s [%s]\n", posString(f.Posn, f.Unit), f.Diag.Message, f.Analyzer.Name)
		for _, r := range f.Diag.Related {
			fmt.Fprintf(w, "\t%s: %s\n", posString(res.Fset.Position(r.Pos), f.Unit), r.Message)
		}
	}
}

// posString formats a position as path:line:col (paths are tree-relative,
// as the driver records them); a position the driver could not resolve
// is shown as the unit's path.
func posString(p token.Position, unit string) string {
	if !p.IsValid() {
		if p.Filename != "" {
			return p.Filename
		}
		return unit
	}
	if p.Column == 0 {
		return fmt.Sprintf("%s:%d", p.Filename, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}
