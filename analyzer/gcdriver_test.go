package analyzer

import "runtime/debug"
import "testing"

// TestTuneDriverGC: the analysis phase's settings hold until restore,
// which gives back the process's own.
func TestTuneDriverGC(t *testing.T) {
	pct := debug.SetGCPercent(150)
	lim := debug.SetMemoryLimit(3 << 30)
	defer func() { debug.SetGCPercent(pct); debug.SetMemoryLimit(lim) }()

	restore := tuneDriverGC(0)
	if got := debug.SetGCPercent(driverGCPercent); got != driverGCPercent {
		t.Errorf("GOGC %d while the analyzers run, want %d", got, driverGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != DefaultMemoryBudget {
		t.Errorf("memory limit %d, want the default budget %d", got, DefaultMemoryBudget)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 150 {
		t.Errorf("GOGC %d after restore, want 150", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 3<<30 {
		t.Errorf("memory limit %d after restore, want %d", got, 3<<30)
	}
}
