// Package all lists every gupvet rule, in the order -list prints them.
package all

import (
	"golang.org/x/tools/go/analysis"

	"gupvet/rules/fastmask"
	"gupvet/rules/flagfamily"
	"gupvet/rules/getpin"
	"gupvet/rules/internalflag"
	"gupvet/rules/lockedone"
	"gupvet/rules/longtermnopin"
	"gupvet/rules/longtermp2p"
	"gupvet/rules/mmaplock"
	"gupvet/rules/nowaitunlockable"
	"gupvet/rules/nulllocked"
	"gupvet/rules/nullpages"
	"gupvet/rules/pinput"
	"gupvet/rules/vmaremotenowait"
)

// Analyzers are gupvet's rules.
var Analyzers = []*analysis.Analyzer{
	nowaitunlockable.Analyzer,
	nulllocked.Analyzer,
	// the run-time checks of mm/gup.c, in the order is_valid_gup_args
	// makes them, then GUP-fast's and get_user_page_vma_remote's
	internalflag.Analyzer,
	lockedone.Analyzer,
	getpin.Analyzer,
	longtermnopin.Analyzer,
	nullpages.Analyzer,
	longtermp2p.Analyzer,
	fastmask.Analyzer,
	vmaremotenowait.Analyzer,
	// flags of the wrong family where FOLL_ or FAULT_FLAG_ flags belong
	flagfamily.Analyzer,
	// what happens to the pages after the call
	pinput.Analyzer,
	// the callers' side of the contract: the lock held around the call
	mmaplock.Analyzer,
}
