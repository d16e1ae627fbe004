package report

import (
	"sync"

	"golang.org/x/tools/go/analysis"
)

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

var (
	severityMu sync.Mutex
	severities = map[*analysis.Analyzer]Severity{}
)

// SetSeverity records a rule's severity; a rule's package calls it in an
// init function. A rule that sets none is a Warning.
func SetSeverity(a *analysis.Analyzer, s Severity) {
	severityMu.Lock()
	defer severityMu.Unlock()
	severities[a] = s
}

// SeverityOf returns a rule's severity.
func SeverityOf(a *analysis.Analyzer) Severity {
	severityMu.Lock()
	defer severityMu.Unlock()
	return severities[a]
}

var categorySeverities = map[*analysis.Analyzer]map[string]Severity{}

// SetCategorySeverity gives a rule's findings of one category (their
// Diagnostic.Category) another severity than the rule's own: flagfamily's
// name of the wrong flag family is an Error, except where its value
// happens to be the right flag's, a Warning. The rule's own severity
// stays its SARIF default level.
func SetCategorySeverity(a *analysis.Analyzer, category string, s Severity) {
	severityMu.Lock()
	defer severityMu.Unlock()
	if categorySeverities[a] == nil {
		categorySeverities[a] = map[string]Severity{}
	}
	categorySeverities[a][category] = s
}

// SeverityOfCategory returns the severity of a rule's finding of a
// category: the category's when the rule set one, else the rule's.
func SeverityOfCategory(a *analysis.Analyzer, category string) Severity {
	severityMu.Lock()
	defer severityMu.Unlock()
	if s, ok := categorySeverities[a][category]; ok {
		return s
	}
	return severities[a]
}
