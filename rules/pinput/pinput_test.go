package pinput_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/pinput"

// The one layer of testdata: src, over the demo tree (6.12).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, pinput.Analyzer)
}
