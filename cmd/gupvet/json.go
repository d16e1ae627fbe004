package main

import "cmp"
import "encoding/json"
import "fmt"
import "go/token"
import "io"

import "gupvet/analyzer"

// The JSON output has the shape of go vet -json (golang.org/x/tools'
// driverutil.JSONTree): {unit: {analyzer: [diagnostic, ...]}}, where the
// unit is the tree-relative path of the file whose analysis reported the
// finding. Positions are "path:line:col", tree-relative; edit offsets are
// byte offsets into the file.

type jsonTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonSuggestedFix struct {
	Message string         `json:"message"`
	Edits   []jsonTextEdit `json:"edits"`
}

// jsonRelated is a message at a range: a related location, and the
// place and message of a diagnostic (embedded, its fields come first).
type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	Category string `json:"category,omitempty"`
	jsonRelated
	SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated      `json:"related,omitempty"`
}

type jsonTree map[string]map[string][]jsonDiagnostic

func buildJSON(res *analyzer.Result) jsonTree {
	tree := jsonTree{}
	for _, f := range res.Findings {
		m := tree[f.Unit]
		if m == nil {
			m = map[string][]jsonDiagnostic{}
			tree[f.Unit] = m
		}
		m[f.Analyzer.Name] = append(m[f.Analyzer.Name], jsonOf(res, f))
	}
	return tree
}

// jsonOf is one finding of a run as go vet -json writes a diagnostic.
func jsonOf(res *analyzer.Result, f analyzer.Finding) jsonDiagnostic {
	pos := res.Fset.Position
	d := f.Diag
	at := func(posn token.Position, end token.Pos, msg string) jsonRelated {
		return jsonRelated{Posn: posString(posn, f.Unit), End: posString(pos(end), f.Unit), Message: msg}
	}
	jd := jsonDiagnostic{Category: d.Category, jsonRelated: at(f.Posn, cmp.Or(d.End, d.Pos), d.Message)}
	for _, fix := range d.SuggestedFixes {
		jf := jsonSuggestedFix{Message: fix.Message, Edits: []jsonTextEdit{}}
		for _, e := range fix.TextEdits {
			start, end := pos(e.Pos), pos(cmp.Or(e.End, e.Pos))
			jf.Edits = append(jf.Edits, jsonTextEdit{
				Filename: start.Filename,
				Start:    start.Offset,
				End:      end.Offset,
				New:      string(e.NewText),
			})
		}
		jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
	}
	for _, r := range d.Related {
		jd.Related = append(jd.Related, at(pos(r.Pos), cmp.Or(r.End, r.Pos), r.Message))
	}
	return jd
}

// printJSON prints the JSON document, indented as go vet does; "{}" when
// there is nothing to report.
func printJSON(w io.Writer, res *analyzer.Result) error {
	data, err := json.MarshalIndent(buildJSON(res), "", "\t")
	if err != nil {
		return fmt.Errorf("JSON output: %v", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
