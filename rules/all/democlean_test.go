package all_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"gupvet/analyzer/analysistest"
	"gupvet/rules/fastmask"
	"gupvet/rules/getpin"
	"gupvet/rules/internalflag"
	"gupvet/rules/lockedone"
	"gupvet/rules/longtermnopin"
	"gupvet/rules/longtermp2p"
	"gupvet/rules/nullpages"
	"gupvet/rules/vmaremotenowait"
)

// The contract rules report nothing on the demo tree's callers: its two
// findings (the quick start's) are nowaitunlockable's and nulllocked's.
func TestDemoClean(t *testing.T) {
	for _, a := range []*analysis.Analyzer{
		fastmask.Analyzer,
		getpin.Analyzer,
		internalflag.Analyzer,
		lockedone.Analyzer,
		longtermnopin.Analyzer,
		longtermp2p.Analyzer,
		nullpages.Analyzer,
		vmaremotenowait.Analyzer,
	} {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, "../../testdata/demo", a, "virt/kvm/kvm_main.c", "mm/madvise.c", "drivers/demo/clean.c")
		})
	}
}
