package fastmask_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/fastmask"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, fastmask.Analyzer, "drivers/fm/fm.c", "mm/fm_mm.c")
}

func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, fastmask.Analyzer, "drivers/fm/old.c")
}

func TestV64(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v64", "testdata/v64")
	analysistest.Run(t, tree, fastmask.Analyzer, "mm/fm64.c")
}
