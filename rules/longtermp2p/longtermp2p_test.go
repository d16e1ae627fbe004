package longtermp2p_test

import (
	"testing"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/longtermp2p"
)

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, longtermp2p.Analyzer, "drivers/p2p/p2p.c")
}

// 6.1 has no FOLL_PCI_P2PDMA: silent.
func TestV61(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	analysistest.Run(t, tree, longtermp2p.Analyzer, "drivers/p2p/old.c")
}
