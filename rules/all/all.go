// Package all lists every gupvet rule, in the order -list prints them.
package all

import (
	"golang.org/x/tools/go/analysis"
)

// Analyzers are gupvet's rules.
var Analyzers = []*analysis.Analyzer{}
