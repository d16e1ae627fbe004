package analyzer

import "runtime/debug"

// driverGCPercent is the driver's GOGC while the analyzers run: their
// interpreters allocate many short-lived worlds over a live heap of a few
// hundred MB (the units), and at the default of 100 the collector took a
// third of a warm run's CPU on 6.12.
const driverGCPercent = 400

// tuneDriverGC sets the process's collector for the analysis phase, when
// the parse workers are gone and the whole budget is the driver's: GOGC
// driverGCPercent, with the budget as the soft memory limit (the
// collector works harder as the heap nears it). (While the workers
// parse, the driver mostly waits: a higher GOGC there measured no
// faster.) It returns what restores the settings before.
func tuneDriverGC(budget int64) (restore func()) {
	if budget <= 0 {
		budget = DefaultMemoryBudget
	}
	pct := debug.SetGCPercent(driverGCPercent)
	lim := debug.SetMemoryLimit(budget)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	}
}
