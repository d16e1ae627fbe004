package longtermp2p_test

import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/longtermp2p"

// The layers of testdata: src (6.12, the demo tree) and v61 (6.1, which
// has no FOLL_PCI_P2PDMA: silent).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, longtermp2p.Analyzer)
}
