package main

import "flag"
import "fmt"
import "io"
import "sort"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"

// Rule flags: each analyzer's own options (Analyzer.Flags), offered on the
// command line as -NAME.FLAG, the way go vet offers its analyzers' flags
// (x/tools' internal/analysisflags).

// ruleFlag is one analyzer option as the command line spells it.
type ruleFlag struct {
	name string // "nowaitunlockable.pre63"
	f    *flag.Flag
}

// ruleFlags lists the options of the analyzers and of what they require,
// sorted by name.
func ruleFlags(as []*analysis.Analyzer) []ruleFlag {
	var out []ruleFlag
	for _, a := range analyzer.Closure(as) {
		a.Flags.VisitAll(func(f *flag.Flag) {
			out = append(out, ruleFlag{a.Name + "." + f.Name, f})
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// registerRuleFlags adds the analyzers' options to fs. Each starts from
// its default: an option a test or an earlier run in the same process set
// does not carry over.
func registerRuleFlags(fs *flag.FlagSet, as []*analysis.Analyzer) {
	for _, rf := range ruleFlags(as) {
		rf.f.Value.Set(rf.f.DefValue)
		fs.Var(rf.f.Value, rf.name, rf.f.Usage)
	}
}

// printRuleFlags writes the options for -h, or for one rule in -list.
func printRuleFlags(w io.Writer, indent string, rfs []ruleFlag) {
	for _, rf := range rfs {
		fmt.Fprintf(w, "%s-%s\n%s    %s\n", indent, rf.name, indent, rf.f.Usage)
	}
}
