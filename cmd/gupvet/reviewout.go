package main

import "encoding/json"
import "fmt"
import "io"

import "golang.org/x/tools/go/analysis"

// The -json and -sarif output of -review. JSON: {"new": TREE, "fixed":
// TREE}, each TREE in the shape of go vet -json, each diagnostic with the
// patch that made the difference ("patch", its subject) when the patch
// has one. SARIF: the new findings are the results, with baselineState
// "new" and the patch in their properties; the fixed ones are listed in
// the run's properties ("fixed"), not as results, which code scanning
// would show as alerts.

// reviewJSONDiagnostic is a diagnostic of go vet -json with its patch.
type reviewJSONDiagnostic struct {
	jsonDiagnostic
	Patch string `json:"patch,omitempty"`
}

func printReviewJSON(w io.Writer, found []reviewFinding) error {
	doc := map[string]map[string]map[string][]reviewJSONDiagnostic{"new": {}, "fixed": {}}
	for _, f := range found {
		kind := "new"
		if f.fixed {
			kind = "fixed"
		}
		m := doc[kind][f.f.Unit]
		if m == nil {
			m = map[string][]reviewJSONDiagnostic{}
			doc[kind][f.f.Unit] = m
		}
		m[f.f.Analyzer.Name] = append(m[f.f.Analyzer.Name], reviewJSONDiagnostic{jsonOf(f.run.res, f.f), f.step.label})
	}
	b, err := json.MarshalIndent(doc, "", "\t")
	if err != nil {
		return fmt.Errorf("JSON output: %v", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// sarifFixed is a finding a patch removes, in the run's properties.
type sarifFixed struct {
	RuleID   string `json:"ruleId"`
	Location string `json:"location"` // path:line:col before the patch
	Message  string `json:"message"`
	Patch    string `json:"patch,omitempty"`
}

func printReviewSARIF(w io.Writer, p *plan, sel []*analysis.Analyzer, found []reviewFinding) error {
	b := newSARIFBuilder(sel)
	lines := map[*reviewRun]*lineCache{} // each run read the tree after its own patch
	var fixed []sarifFixed
	for _, f := range found {
		if f.fixed {
			fixed = append(fixed, sarifFixed{RuleID: f.f.Analyzer.Name, Location: posString(f.f.Posn, f.f.Unit), Message: f.f.Diag.Message, Patch: f.step.label})
			continue
		}
		lc := lines[f.run]
		if lc == nil {
			lc = &lineCache{read: f.run.read}
			lines[f.run] = lc
		}
		r := b.add(lc, f.run.res, f.f)
		r.BaselineState = "new"
		if f.step.label != "" {
			r.Properties = map[string]any{"patch": f.step.label, "patchNumber": f.step.n}
		}
	}
	log := b.log(p)
	if len(fixed) > 0 {
		log.Runs[0].Properties = map[string]any{"fixed": fixed}
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return fmt.Errorf("SARIF output: %v", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
