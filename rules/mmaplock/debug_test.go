package mmaplock_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/mmaplock"
)

func TestDebug(t *testing.T) {
	res := analysistest.Collect(t, tree(t, gupEdits), 0, mmaplock.Analyzer, "drivers/ml/paths.c")
	for _, f := range res.Findings {
		t.Logf("%v: %s", f.Posn, f.Diag.Message)
		for _, p := range analysistest.Related(res, f) {
			t.Logf("\t%v", p)
		}
	}
}
