package nullpages_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/nullpages"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, nullpages.Analyzer, "drivers/np/np.c")
}

func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, nullpages.Analyzer, "drivers/np/old.c")
}
