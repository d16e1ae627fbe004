package internalflag_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/internalflag"

// The layers of testdata: src (6.12, the demo tree: INTERNAL_GUP_FLAGS
// from mm/internal.h), v61 (6.1: is_valid_gup_flags, FOLL_PIN on
// get_user_pages{,_remote,_fast}) and v64 (6.4: the inline list without
// FOLL_TOUCH).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, internalflag.Analyzer)
}
