package internalflag_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/internalflag"
)

const demo = "../../testdata/demo"

// 6.12 (the demo tree): INTERNAL_GUP_FLAGS from mm/internal.h.
func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, internalflag.Analyzer, "mm/ifl_mm.c", "drivers/ifl/raw.c")
}

// 6.1: is_valid_gup_flags, FOLL_PIN on get_user_pages{,_remote,_fast}.
func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, internalflag.Analyzer, "drivers/ifl/old.c")
}

// 6.4: the inline list without FOLL_TOUCH.
func TestV64(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v64", "testdata/v64")
	analysistest.Run(t, tree, internalflag.Analyzer, "mm/ifl64.c")
}
