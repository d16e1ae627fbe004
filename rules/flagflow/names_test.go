package flagflow_test

import "fmt"
import "strings"
import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// namesProbe reports, at each call reaching is_valid_gup_args, the names
// of other flag families its flags carry (Val.Foreign), with the line
// each was written on and the members it travelled in; "-" for none.
var namesProbe = eventProbe("ffnames", func(_ *gupapi.Model, ev *flagflow.Event) string {
	var ns []string
	for _, o := range ev.Flags.Foreign() {
		s := fmt.Sprintf("%s@%d", o.Text, o.Pos.Line)
		for _, h := range o.Via {
			s += ">" + h.Member
		}
		ns = append(ns, s)
	}
	if len(ns) == 0 {
		return "names=-"
	}
	return "names=" + strings.Join(ns, ",")
})

func TestForeignNames(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/demo", "testdata/src")
	analysistest.Run(t, tree, namesProbe, "drivers/ff/names.c")
}
