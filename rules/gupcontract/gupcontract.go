// Package gupcontract is what the contract rules share (internalflag,
// getpin, longtermnopin, nullpages, longtermp2p, lockedone, fastmask,
// vmaremotenowait): each rule is a predicate over one flag-flow event
// reaching an entry point's argument check, and Run turns the predicate's
// hits into one diagnostic per call, where the offending value is written.
//
// The checks follow what mm/gup.c verifies at run time (is_valid_gup_args
// from 6.3; is_valid_gup_flags and the pin_user_pages* WARNs before; the
// GUP-fast flag mask; get_user_page_vma_remote's FOLL_NOWAIT WARN), with
// the per-version tables of package gupapi.
package gupcontract

import "fmt"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/report"

// Hit is one violation on one event.
type Hit struct {
	// Origin is where the offending value is written; it lies in the
	// event's Root (the finding belongs to that function).
	Origin *flagflow.Origin
	// Must says the violation happens on every path of this event.
	Must bool
	// Bits are the offending flag bits written in Root, for checks about
	// flags; MustBits those of them set on every path of the event; Flags
	// the value that holds their origins.
	Bits, MustBits uint64
	Flags          flagflow.Val
	// Message returns the diagnostic text, given what holds over all the
	// paths of the call.
	Message func(s Summary) string
	// Related are explanations before the call chain.
	Related []Note
}

// Summary is what holds over all the paths (events) of one call.
type Summary struct {
	// Always says every path of the call violates the contract.
	Always bool
	// Bits are the offending bits on some path, MustBits those on every
	// path; Origins say where each was written.
	Bits, MustBits uint64
	Origins        map[uint64]*flagflow.Origin
}

// Note is a related position.
type Note struct {
	Pos cparse.Pos
	Msg string
}

// Check inspects one event and returns a hit, or nil.
type Check func(c *Ctx, ev *flagflow.Event) *Hit

// Ctx is what a check needs beyond the event.
type Ctx struct {
	Model *gupapi.Model
	From  string // the file of the unit under analysis
	// Contract is what the tree's API code checks.
	Contract *Contract
}

// Stated is a check as the tree's code states it or, without the tree's
// mm/gup.c, as the built-in table does.
type Stated struct {
	// Why quotes the check: "is_valid_gup_args: WARN_ON_ONCE(…)
	// (mm/gup.c:2625)".
	Why string
	// Fails says what the entry point does when it fires.
	Fails string
	// Assertion is the tree's check, nil for the table's.
	Assertion *Assertion
}

// State returns the check on the event's way that match accepts, nil when
// the tree's code makes none (the version does not check it). Without the
// tree's code, the built-in table's rows for check say whether the
// version makes it and how.
func (c *Ctx) State(ev *flagflow.Event, match func(*Assertion) bool, check gupapi.Check) *Stated {
	return c.state(ev, match, func(m *gupapi.Model, entry string) (bool, string) { return m.States(check, entry) })
}

// state is State with the table's answer given as a function.
func (c *Ctx) state(ev *flagflow.Event, match func(*Assertion) bool, table func(m *gupapi.Model, entry string) (bool, string)) *Stated {
	entry := Entry(ev)
	if c.Contract.Derived {
		a, whole := c.Contract.Find(ev, match)
		if a != nil {
			return &Stated{Why: a.Cites(c.From), Fails: a.Fails(), Assertion: a}
		}
		if whole {
			return nil // the tree's code does not check it
		}
		// a function on the way is known only from the built-in
		// model: its table says
	}
	ok, why := table(c.Model, entry)
	if !ok {
		return nil
	}
	return &Stated{Why: why, Fails: Fails(c.Model, entry)}
}

// IsInternalCheck accepts the check that refuses GUP's internal flags
// from callers: INTERNAL_GUP_FLAGS (6.7+), the inline list of 6.3–6.6,
// FOLL_PIN on the get_* entry points before 6.3.
func IsInternalCheck(a *Assertion) bool {
	return a.Set("INTERNAL_GUP_FLAGS") ||
		a.Set("FOLL_PIN") && !a.Flags["FOLL_GET"] && !a.Flags["FOLL_LONGTERM"] && !a.Complement && !a.Names["pages"]
}

// Rejected returns the flags the event's entry point refuses from its
// caller, and the check that refuses them.
func (c *Ctx) Rejected(ev *flagflow.Event) (uint64, *Stated) {
	st := c.state(ev, IsInternalCheck, func(m *gupapi.Model, entry string) (bool, string) {
		rej, why := m.CallerRejects(entry)
		return rej != 0, why
	})
	switch {
	case st == nil:
		return 0, nil
	case st.Assertion != nil:
		return st.Assertion.Mask(c.Model), st
	}
	rej, _ := c.Model.CallerRejects(Entry(ev))
	return rej, st
}

// New makes a contract rule: its name, the text of its doc.go (whose
// "# Analyzer NAME" section is its documentation) and its check. A
// contract violation makes the call fail or the kernel WARN: an Error.
func New(name, doc string, check Check) *analysis.Analyzer {
	return report.New(name, doc, report.Error, func(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
		return run(pass, res, pd, name, check)
	})
}

// run reports, for each call of the unit that reaches an entry point's
// argument check, the hits of check (described from one on every path of
// its event when there is one).
func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData, name string, check Check) (any, error) {
	c := &Ctx{Model: res.Program.Model, From: res.Unit.Path, Contract: contractOf(res.Program, pd.Tree.ReadFile)}
	if c.Contract.Derived {
		pd.Note("argument checks: the tree's own WARN_ON*()/BUG_ON() checks on the way from each entry point (" + gupapi.File + "); gupvet's built-in tables only for functions the run did not read")
	} else {
		pd.Note(fmt.Sprintf("argument checks: gupvet's built-in tables for Linux %s (the tree's %s was not read in tolerant mode)", c.Model.Version, gupapi.File))
	}
	if res.Unit.Path == gupapi.File {
		// the API's own calls of its internals pass internal flags by
		// design: the checks are of its callers
		return nil, nil
	}
	for _, evs := range report.ByCall(res.Events) {
		var hit *Hit
		var hitEv *flagflow.Event
		sum := Summary{Always: true, MustBits: ^uint64(0), Origins: map[uint64]*flagflow.Origin{}}
		for _, ev := range evs {
			if ev.Sink.Kind != gupapi.GUPArgs {
				continue
			}
			h := check(c, ev)
			if h == nil || h.Origin == nil || h.Origin.Unresolved() || !ev.Local(h.Origin) {
				sum.Always = false
				sum.MustBits = 0
				continue
			}
			if !h.Must {
				sum.Always = false
			}
			sum.Bits |= h.Bits
			sum.MustBits &= h.MustBits
			for b := h.Bits; b != 0; b &= b - 1 {
				bit := b & -b
				if sum.Origins[bit] == nil {
					sum.Origins[bit] = h.Flags.Origin(bit)
				}
			}
			if hit == nil || h.Must && !hit.Must {
				hit, hitEv = h, ev
			}
		}
		if hit == nil {
			continue
		}
		sum.MustBits &= sum.Bits
		call := hitEv.Chain[0]
		rel := report.NewRelated(pd)
		for b := sum.Bits; b != 0; b &= b - 1 {
			if o := sum.Origins[b&-b]; o != nil {
				rel.AddOrigin(o, c.Model.Name(b&-b), hitEv)
			}
		}
		for _, r := range hit.Related {
			if r.Pos.IsValid() {
				rel.Add(r.Pos, r.Msg)
			}
		}
		rel.Chain(hitEv)
		pass.Report(analysis.Diagnostic{
			Pos:      pd.Pos(call.Pos),
			End:      pd.Pos(call.End),
			Category: "contract",
			Message:  hit.Message(sum),
			Related:  rel.List(),
		})
	}
	return nil, nil
}

// Gets spells the offending bits of a summary: "gets FOLL_REMOTE (set at
// line 42) and may get FOLL_TRIED (set at line 45)".
func (s Summary) Gets(m *gupapi.Model, from string) string {
	var parts []string
	for _, must := range []bool{true, false} {
		bits := s.Bits & s.MustBits
		verb := "gets"
		if !must {
			bits = s.Bits &^ s.MustBits
			verb = "may get"
		}
		if bits == 0 {
			continue
		}
		var fl []string
		for b := bits; b != 0; b &= b - 1 {
			bit := b & -b
			fl = append(fl, fmt.Sprintf("%s (%s)", m.Name(bit), report.SetAt(s.Origins[bit], from)))
		}
		parts = append(parts, verb+" "+strings.Join(fl, ", "))
	}
	return strings.Join(parts, " and ")
}

// Entry is the function whose argument check the event reaches: the
// caller of is_valid_gup_args (before 6.3: of the sink its flags end in,
// or of gupvet's stand-in in the built-in model).
func Entry(ev *flagflow.Event) string {
	f := ev.Chain[len(ev.Chain)-1].Caller
	if f == nil || f.F == nil {
		return ""
	}
	return f.F.Name
}

// Through reports whether the event's call chain calls fn.
func Through(ev *flagflow.Event, fn string) bool {
	for _, f := range ev.Chain {
		if f.Callee == fn {
			return true
		}
	}
	return false
}

// Called names the call of the analysed function: the entry point itself
// or, through a wrapper, "wrapper (reaching entry)".
func Called(ev *flagflow.Event, entry string) string {
	if e := ev.Entry(); e != entry && entry != "" {
		return fmt.Sprintf("%s (reaching %s)", e, entry)
	}
	return ev.Entry()
}

// Refused is the message of a hit whose flags the entry point's check st
// refuses: "CALL gets FLAGS (set at …)WHAT; WHY; ENTRY FAILS", what being
// what is wrong with them.
func (c *Ctx) Refused(ev *flagflow.Event, st *Stated, what string) func(Summary) string {
	entry := Entry(ev)
	return func(s Summary) string {
		return fmt.Sprintf("%s %s%s; %s; %s %s", Called(ev, entry), s.Gets(c.Model, c.From), what, st.Why, entry, st.Fails)
	}
}

// OneFlag is the hit of a check about one flag: the first bit of mask
// that v may hold with an origin written in the event's Root, reported
// there; must says the violation happens on every path. nil when the
// caller wrote none of them. The rule adds the message (and notes), which
// may speak of the bits found (Hit.Bits).
func OneFlag(ev *flagflow.Event, v flagflow.Val, mask uint64, must bool) *Hit {
	bit, o := LocalBit(ev, v, mask)
	if bit == 0 {
		return nil
	}
	h := &Hit{Origin: o, Must: must, Bits: bit, Flags: v}
	if must {
		h.MustBits = bit
	}
	return h
}

// PairFlag is OneFlag for a check about two flags together (FOLL_GET
// with FOLL_PIN): the hit is at the caller's half of pair (within mask),
// and a note says where the other half came from; partner words it for
// the message.
func PairFlag(c *Ctx, ev *flagflow.Event, pair, mask uint64, must bool) (h *Hit, partner string) {
	h = OneFlag(ev, ev.Flags, pair&mask, must)
	if h == nil {
		return nil, ""
	}
	other := pair &^ h.Bits
	partner, note := Partner(ev, other, c.Model.Name(other), c.From)
	h.Related = []Note{note}
	return h, partner
}

// EveryFlag is the hit of a check about a set of flags: every bit of mask
// that v may hold with an origin in Root, reported where the first is
// written; the violation happens on every path for the bits v must hold.
func EveryFlag(ev *flagflow.Event, v flagflow.Val, mask uint64) *Hit {
	bits, o := LocalBits(ev, v, mask)
	if bits == 0 {
		return nil
	}
	return &Hit{Origin: o, Must: v.Must&bits != 0, Bits: bits, MustBits: v.Must & bits, Flags: v}
}

// LocalBit returns the first bit of mask that v may hold with an origin
// written in the event's Root, and that origin.
func LocalBit(ev *flagflow.Event, v flagflow.Val, mask uint64) (uint64, *flagflow.Origin) {
	for b := v.May & mask; b != 0; b &= b - 1 {
		bit := b & -b
		if o := v.Origin(bit); o != nil && !o.Unresolved() && ev.Local(o) {
			return bit, o
		}
	}
	return 0, nil
}

// LocalBits returns every bit of mask that v may hold with an origin in
// Root, and the origin of the first.
func LocalBits(ev *flagflow.Event, v flagflow.Val, mask uint64) (uint64, *flagflow.Origin) {
	var out uint64
	var first *flagflow.Origin
	for b := v.May & mask; b != 0; b &= b - 1 {
		bit := b & -b
		if o := v.Origin(bit); o != nil && !o.Unresolved() && ev.Local(o) {
			out |= bit
			if first == nil {
				first = o
			}
		}
	}
	return out, first
}

// Fails says what the entry point does with arguments it refuses.
func Fails(m *gupapi.Model, entry string) string {
	if m.Modern() {
		switch entry {
		case "pin_user_pages", "pin_user_pages_remote", "pin_user_pages_unlocked":
			return "WARNs once and returns 0 (no page, no error)"
		}
	}
	return "WARNs once and returns -EINVAL"
}

// Partner explains where a flag the violation needs came from: the
// caller's code, or the entry point adding it.
func Partner(ev *flagflow.Event, bit uint64, name, from string) (string, Note) {
	o := ev.Flags.Origin(bit)
	switch {
	case o == nil:
		return name, Note{}
	case ev.Local(o):
		return fmt.Sprintf("%s (%s)", name, report.SetAt(o, from)), Note{o.Pos, report.SetHere(o, name)}
	case o.Kind == flagflow.LockedArg:
		return fmt.Sprintf("%s (from the non-NULL locked at %s)", name, report.Where(o.Pos, from)), Note{o.Pos, "locked is non-NULL here, which adds " + name}
	}
	d := o.Func.Name
	return fmt.Sprintf("%s (added by %s, %s)", name, d, report.Where(o.Pos, from)), Note{o.Pos, name + " is added here by " + d}
}

// RefusedFirst reports whether the entry point refuses the event's flags
// before any later check runs: the caller passes, on every path, a flag
// the entry point does not accept from callers (internalflag's finding).
func RefusedFirst(c *Ctx, ev *flagflow.Event) bool {
	rej, _ := c.Rejected(ev)
	return ev.Passed.Must&rej != 0
}
