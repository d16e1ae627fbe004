package getpin_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/getpin"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, getpin.Analyzer, "drivers/gp/gp.c")
}

func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, getpin.Analyzer, "drivers/gp/old.c")
}

func TestDemoClean(t *testing.T) {
	analysistest.Run(t, demo, getpin.Analyzer, "virt/kvm/kvm_main.c", "mm/madvise.c", "drivers/demo/clean.c")
}
