// Package all lists every gupvet rule, in the order -list prints them.
package all

import "golang.org/x/tools/go/analysis"

import "gupvet/rules/fastmask"
import "gupvet/rules/flagfamily"
import "gupvet/rules/getpin"
import "gupvet/rules/internalflag"
import "gupvet/rules/lockedone"
import "gupvet/rules/longtermnopin"
import "gupvet/rules/longtermp2p"
import "gupvet/rules/mmaplock"
import "gupvet/rules/nowaitunlockable"
import "gupvet/rules/nulllocked"
import "gupvet/rules/nullpages"
import "gupvet/rules/pinput"
import "gupvet/rules/vmaremotenowait"

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
