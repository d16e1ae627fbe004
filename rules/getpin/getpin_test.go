package getpin_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/getpin"

// The layers of testdata: src (6.12, the demo tree, where
// is_valid_gup_args refuses FOLL_GET with FOLL_PIN) and v61 (6.1, before
// is_valid_gup_args).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, getpin.Analyzer)
}
