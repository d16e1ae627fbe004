// Package all lists every gupvet rule, in the order -list prints them.
package all

import (
	"golang.org/x/tools/go/analysis"

	"gupvet/rules/internalflag"
	"gupvet/rules/nowaitunlockable"
	"gupvet/rules/nulllocked"
)

// Analyzers are gupvet's rules.
var Analyzers = []*analysis.Analyzer{
	nowaitunlockable.Analyzer,
	nulllocked.Analyzer,
	// the run-time checks of mm/gup.c, in the order is_valid_gup_args
	// makes them, then GUP-fast's and get_user_page_vma_remote's
	internalflag.Analyzer,
}
