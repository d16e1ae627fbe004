package fastmask_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/fastmask"

// The layers of testdata: src (6.12, the demo tree), v61 (6.1's
// FOLL_ #defines and GUP-fast mask) and v64 (6.4's enums).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, fastmask.Analyzer)
}
