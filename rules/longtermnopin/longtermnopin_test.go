package longtermnopin_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/longtermnopin"

// The layers of testdata: src (6.12, the demo tree) and v61 (6.1, with
// mm/gup_benchmark.c's callers).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, longtermnopin.Analyzer)
}
