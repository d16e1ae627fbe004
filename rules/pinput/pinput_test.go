package pinput_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/pinput"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, pinput.Analyzer, "drivers/pp/pp.c", "drivers/pp/helpers.c")
}
