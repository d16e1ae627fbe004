package main

import "encoding/json"
import "fmt"
import "io"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/callsites"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import rreport "gupvet/rules/report"

// The inventory of GUP call sites (-calls) and the account every run
// gives of it: how many sites were analysed, and each one that lies in
// code that could not be parsed (which makes the exit status 2, like a
// file that could not be analysed).

// inventory is what the callsites analyzer found in a run.
type inventory struct {
	model  *gupapi.Model
	sites  []*callsites.Site
	unseen []callsites.Unseen
}

// wantsInventory reports whether a run of sel can take the inventory:
// its rules follow the GUP API's flags (the command's tests run rules of
// their own on trees that have no GUP API).
func wantsInventory(sel []*analysis.Analyzer) bool {
	var req func(a *analysis.Analyzer) bool
	req = func(a *analysis.Analyzer) bool {
		if a == flagflow.Analyzer {
			return true
		}
		for _, r := range a.Requires {
			if req(r) {
				return true
			}
		}
		return false
	}
	for _, a := range sel {
		if req(a) {
			return true
		}
	}
	return false
}

// inventoryOf gathers the callsites results of a run, sites in order and
// each once (a header's inline function is in every unit that includes
// it).
func inventoryOf(res *analyzer.Result) *inventory {
	urs := res.Collected[callsites.Analyzer]
	if len(urs) == 0 {
		return nil
	}
	inv := &inventory{}
	seen := map[cparse.Pos]bool{}
	for _, ur := range urs {
		r := ur.Value.(*callsites.Result)
		inv.model = r.Model
		for _, s := range r.Sites {
			if !seen[s.Pos] {
				seen[s.Pos] = true
				inv.sites = append(inv.sites, s)
			}
		}
		inv.unseen = append(inv.unseen, r.Unseen...)
	}
	sort.SliceStable(inv.sites, func(i, j int) bool { return inv.sites[i].Pos.Less(inv.sites[j].Pos) })
	sort.SliceStable(inv.unseen, func(i, j int) bool { return inv.unseen[i].Pos.Less(inv.unseen[j].Pos) })
	return inv
}

// lost are the sites the rules did not see although the configuration
// compiles them: in code that could not be parsed, or that no path of
// the analysis reaches.
func (inv *inventory) lost() []callsites.Unseen {
	var out []callsites.Unseen
	for _, u := range inv.unseen {
		if u.Why == callsites.Lost || u.Why == callsites.Unreached {
			out = append(out, u)
		}
	}
	return out
}

// printAccount writes the one or two lines every run ends with on stderr.
func (inv *inventory) printAccount(w io.Writer, files int) {
	lost := inv.lost()
	other := len(inv.unseen) - len(lost)
	fmt.Fprintf(w, "gupvet: %d file(s), %d GUP call site(s) analysed", files, len(inv.sites))
	if other > 0 {
		fmt.Fprintf(w, " (%d more in code this configuration does not compile; -calls lists them)", other)
	}
	fmt.Fprintln(w)
	for _, why := range []callsites.Why{callsites.Lost, callsites.Unreached} {
		var ps []string
		for _, u := range lost {
			if u.Why == why {
				ps = append(ps, fmt.Sprintf("%s:%d (%s)", u.Pos.File, u.Pos.Line, u.Entry))
			}
		}
		if len(ps) > 0 {
			fmt.Fprintf(w, "gupvet: %d GUP call site(s) %s, not analysed: %s\n", len(ps), why, strings.Join(ps, ", "))
		}
	}
}

// rulesAt maps a site's position to the rules that reported there.
func rulesAt(res *analyzer.Result) map[string][]string {
	m := map[string][]string{}
	for _, f := range res.Findings {
		k := fmt.Sprintf("%s:%d:%d", f.Posn.Filename, f.Posn.Line, f.Posn.Column)
		m[k] = append(m[k], f.Analyzer.Name)
	}
	return m
}

// flagsText describes what reaches a flags argument: the flags set on
// every path, those set on some, each with where it was set, and what
// gupvet cannot see.
func flagsText(m *gupapi.Model, v flagflow.Val, from string) string {
	var parts []string
	name := func(bits uint64) []string {
		var out []string
		for b := bits; b != 0; b &= b - 1 {
			bit := b & -b
			s := m.Name(bit)
			if o := v.Origin(bit); o != nil {
				s += " (" + rreport.SetAt(o, from) + ")"
			}
			out = append(out, s)
		}
		return out
	}
	if v.Must != 0 {
		parts = append(parts, "always "+strings.Join(name(v.Must), ", "))
	}
	if may := v.May &^ v.Must; may != 0 {
		parts = append(parts, "may "+strings.Join(name(may), ", "))
	}
	if v.Sym.Valid() {
		parts = append(parts, "and what the callers pass")
	}
	if v.Unk != 0 {
		parts = append(parts, "and flags gupvet cannot see (a value read at run time)")
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "; ")
}

// lockedText describes what reaches a `locked` argument.
func lockedText(v flagflow.Val) string {
	var ps []string
	if v.Nul&flagflow.MayNull != 0 {
		ps = append(ps, "NULL")
	}
	if v.Nul&flagflow.MayNonNull != 0 {
		ps = append(ps, "non-NULL")
	}
	if v.NSym.Valid() {
		ps = append(ps, "what the callers pass")
	}
	if v.Nul&flagflow.NullUnknown != 0 || len(ps) == 0 {
		ps = append(ps, "unknown")
	}
	return strings.Join(ps, " or ")
}

// printCalls writes the inventory as text, in line order: a site a line,
// details indented, and the calls of entry points that are not analysed
// sites, saying why.
func printCalls(w io.Writer, inv *inventory, res *analyzer.Result) {
	rules := rulesAt(res)
	unseen := inv.unseen
	for _, s := range inv.sites {
		for len(unseen) > 0 && unseen[0].Pos.Less(s.Pos) {
			printUnseen(w, unseen[0])
			unseen = unseen[1:]
		}
		pos := fmt.Sprintf("%s:%d:%d", s.Pos.File, s.Pos.Line, s.Pos.Col)
		tag := ""
		if rs := rules[pos]; len(rs) > 0 {
			tag = " [" + strings.Join(rs, ",") + "]"
		}
		fmt.Fprintf(w, "%s: %s calls %s%s\n", pos, s.Func, s.Entry, tag)
		if s.HasFlags {
			fmt.Fprintf(w, "\tflags: %s\n", flagsText(inv.model, s.Flags, s.Pos.File))
		}
		if s.Adds != 0 {
			fmt.Fprintf(w, "\t%s adds: %s\n", s.Entry, inv.model.Names(s.Adds))
		}
		if s.HasLocked {
			fmt.Fprintf(w, "\tlocked: %s\n", lockedText(s.Locked))
		}
	}
	for _, u := range unseen {
		printUnseen(w, u)
	}
}

func printUnseen(w io.Writer, u callsites.Unseen) {
	fmt.Fprintf(w, "%s:%d:%d: %s: %s, not analysed\n", u.Pos.File, u.Pos.Line, u.Pos.Col, u.Entry, u.Why)
}

// jsonSite is a site in -calls -json.
type jsonSite struct {
	Posn   string    `json:"posn"`
	Func   string    `json:"func,omitempty"`
	Entry  string    `json:"entry"`
	Flags  *jsonFlag `json:"flags,omitempty"`
	Adds   []string  `json:"adds,omitempty"`
	Locked string    `json:"locked,omitempty"`
	Paths  int       `json:"paths,omitempty"` // the paths, over every calling context, that reach it
	Rules  []string  `json:"rules,omitempty"`
	// Unseen says why a call is not an analysed site.
	Unseen string `json:"not_analysed,omitempty"`
}

type jsonFlag struct {
	Always      []string          `json:"always,omitempty"`
	May         []string          `json:"may,omitempty"`
	SetAt       map[string]string `json:"set_at,omitempty"`
	FromCallers bool              `json:"from_callers,omitempty"`
	Unknown     bool              `json:"unknown,omitempty"`
}

func names(m *gupapi.Model, bits uint64) []string {
	if bits == 0 {
		return nil
	}
	return strings.Split(m.Names(bits), "|")
}

// printCallsJSON writes the inventory as a JSON array.
func printCallsJSON(w io.Writer, inv *inventory, res *analyzer.Result) error {
	rules := rulesAt(res)
	out := []jsonSite{}
	for _, s := range inv.sites {
		pos := fmt.Sprintf("%s:%d:%d", s.Pos.File, s.Pos.Line, s.Pos.Col)
		js := jsonSite{Posn: pos, Func: s.Func, Entry: s.Entry, Adds: names(inv.model, s.Adds), Paths: s.Paths, Rules: rules[pos]}
		if s.HasFlags {
			f := &jsonFlag{Always: names(inv.model, s.Flags.Must), May: names(inv.model, s.Flags.May&^s.Flags.Must),
				FromCallers: s.Flags.Sym.Valid(), Unknown: s.Flags.Unk != 0}
			for b := s.Flags.May; b != 0; b &= b - 1 {
				if o := s.Flags.Origin(b & -b); o != nil && o.Pos.IsValid() {
					if f.SetAt == nil {
						f.SetAt = map[string]string{}
					}
					f.SetAt[inv.model.Name(b&-b)] = o.Pos.String()
				}
			}
			js.Flags = f
		}
		if s.HasLocked {
			js.Locked = lockedText(s.Locked)
		}
		out = append(out, js)
	}
	for _, u := range inv.unseen {
		out = append(out, jsonSite{Posn: u.Pos.String(), Entry: u.Entry, Unseen: u.Why.String()})
	}
	b, err := json.MarshalIndent(out, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
