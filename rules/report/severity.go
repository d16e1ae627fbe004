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
