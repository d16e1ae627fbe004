package report

import "golang.org/x/tools/go/analysis"

// Severity says how much a rule's findings weigh: what the violated
// contract does at run time. It is the SARIF level of the rule's results.
type Severity int

const (
	// Warning: the call works but contradicts what the contract says
	// (nowaitunlockable: NOWAIT|KILLABLE runs fine), or its value is
	// wrong but happens to work.
	Warning Severity = iota
	// Error: the call fails, WARNs, BUG()s, corrupts state or
	// dereferences NULL.
	Error
)

// SARIF is the severity's SARIF 2.1.0 level.
func (s Severity) SARIF() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// severities are the rules' own (New) and their categories' severities.
// Package initialisation writes them (New, a rule's init function), in
// one goroutine, before anything reads them: no lock.
var (
	severities         = map[*analysis.Analyzer]Severity{}
	categorySeverities = map[*analysis.Analyzer]map[string]Severity{}
)

// SeverityOf returns a rule's severity; a rule New did not make is a
// Warning.
func SeverityOf(a *analysis.Analyzer) Severity { return severities[a] }

// SetCategorySeverity gives a rule's findings of one category (their
// Diagnostic.Category) another severity than the rule's own: flagfamily's
// name of the wrong flag family is an Error, except where its value
// happens to be the right flag's, a Warning. The rule's own severity
// stays its SARIF default level. A rule's package calls it in an init
// function.
func SetCategorySeverity(a *analysis.Analyzer, category string, s Severity) {
	if categorySeverities[a] == nil {
		categorySeverities[a] = map[string]Severity{}
	}
	categorySeverities[a][category] = s
}

// SeverityOfCategory returns the severity of a rule's finding of a
// category: the category's when the rule set one, else the rule's.
func SeverityOfCategory(a *analysis.Analyzer, category string) Severity {
	if s, ok := categorySeverities[a][category]; ok {
		return s
	}
	return severities[a]
}
