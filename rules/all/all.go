// Package all lists every gupvet rule, in the order -list prints them.
package all

import (
	"golang.org/x/tools/go/analysis"

	"gupvet/rules/nowaitunlockable"
	"gupvet/rules/nulllocked"
)

// Analyzers are gupvet's rules.
var Analyzers = []*analysis.Analyzer{
	nowaitunlockable.Analyzer,
	nulllocked.Analyzer,
}
