package nullpages_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/nullpages"

// The layers of testdata: src (6.12, the demo tree) and v61 (6.1).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, nullpages.Analyzer)
}
