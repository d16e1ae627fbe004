package longtermnopin_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/longtermnopin"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, longtermnopin.Analyzer, "drivers/lt/lt.c")
}

func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, longtermnopin.Analyzer, "drivers/lt/old.c", "mm/gup_benchmark.c")
}
