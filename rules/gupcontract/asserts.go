package gupcontract

import "fmt"
import "strings"
import "sync"

import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/report"

// The contract as the tree's code states it: the WARN_ON_ONCE(), WARN_ON(),
// BUG_ON() and VM_BUG_ON() checks of the GUP API's functions on the way
// from an entry point (is_valid_gup_args from 6.3, is_valid_gup_flags and
// the pin_user_pages* WARNs before, the GUP-fast mask, get_user_page_
// vma_remote's FOLL_NOWAIT). A contract rule applies its check to a call
// only where the analysed tree makes it, and quotes the tree's check:
// what a version does not check is not reported for it, and what a
// message says is that version's code. Where the tree's mm/gup.c was not
// read (a headers-only tree), the built-in tables of package gupapi stand
// in, by version.

// assertMacros are the checks a condition of the API's code is asserted
// with, and what each does when it fires.
var assertMacros = map[string]string{
	"WARN_ON_ONCE":    "WARNs once",
	"WARN_ON":         "WARNs",
	"WARN_ONCE":       "WARNs once",
	"WARN":            "WARNs",
	"VM_WARN_ON_ONCE": "WARNs once (with CONFIG_DEBUG_VM)",
	"VM_WARN_ON":      "WARNs (with CONFIG_DEBUG_VM)",
	"BUG_ON":          "BUG()s",
	"VM_BUG_ON":       "BUG()s (with CONFIG_DEBUG_VM)",
}

// Assertion is a check the GUP API's code makes.
type Assertion struct {
	Func  string // the function that makes it
	Pos   cparse.Pos
	Macro string
	Cond  cparse.Expr
	// Text is the condition as the source writes it, macros unexpanded
	// (INTERNAL_GUP_FLAGS, NULL), blanks folded.
	Text string
	// Flags are the FOLL_ names (and INTERNAL_GUP_FLAGS) the condition
	// names; Clear those of them it tests for being clear (under a !:
	// !(gup_flags & FOLL_PIN)); Names every identifier it names; Deref
	// those it dereferences (*locked).
	Flags, Clear, Names, Deref map[string]bool
	// Complement: the condition tests the flags outside a mask, x & ~(…).
	Complement bool
	// Returns is what the entry point returns when the check fires
	// ("-EINVAL", "0"), "" when the code goes on or stops the kernel.
	Returns string
}

// String quotes the check as the tree writes it: "is_valid_gup_args:
// WARN_ON_ONCE(gup_flags & INTERNAL_GUP_FLAGS)".
func (a *Assertion) String() string {
	cond := a.Text
	if cond == "" {
		cond = cparse.ExprString(a.Cond)
	}
	return fmt.Sprintf("%s: %s(%s)", a.Func, a.Macro, cond)
}

// Cites is String with where the tree makes the check.
func (a *Assertion) Cites(from string) string {
	return fmt.Sprintf("%s (%s)", a.String(), report.Where(a.Pos, from))
}

// Fails says what the entry point does when the check fires.
func (a *Assertion) Fails() string {
	s := assertMacros[a.Macro]
	if a.Returns != "" {
		s += " and returns " + a.Returns
	}
	if a.Returns == "0" {
		s += " (no page, no error)"
	}
	return s
}

// Named reports whether the condition names every one of names.
func (a *Assertion) Named(names ...string) bool {
	for _, n := range names {
		if !a.Flags[n] && !a.Names[n] {
			return false
		}
	}
	return true
}

// Mask resolves the flags the condition names with the tree's values
// (INTERNAL_GUP_FLAGS as the tree defines it).
func (a *Assertion) Mask(m *gupapi.Model) uint64 {
	var v uint64
	for n := range a.Flags {
		if n == "INTERNAL_GUP_FLAGS" {
			v |= m.Internal
		} else {
			v |= m.Bit(n)
		}
	}
	return v
}

// Contract is what the tree's API code checks, found from an event's
// entry points.
type Contract struct {
	prog *flagflow.Program
	read func(string) ([]byte, error)
	// Derived says the tree's mm/gup.c was read: its checks are the
	// contract. Otherwise the built-in tables serve.
	Derived bool

	mu    sync.Mutex
	funcs map[*flagflow.FuncDef][]*Assertion
	reach map[string][]*Assertion
	whole map[string]bool // the reach read every API function's code
}

var contracts sync.Map // *flagflow.Program -> *Contract

// contractOf returns the contract of a program, read once.
func contractOf(p *flagflow.Program, read func(string) ([]byte, error)) *Contract {
	if c, ok := contracts.Load(p); ok {
		return c.(*Contract)
	}
	c, _ := contracts.LoadOrStore(p, &Contract{prog: p, read: read, Derived: p.APIUnit() != nil,
		funcs: map[*flagflow.FuncDef][]*Assertion{}, reach: map[string][]*Assertion{}, whole: map[string]bool{}})
	return c.(*Contract)
}

// maxReach bounds how deep into the API the checks are looked for: the
// argument checks are at most a few calls below an entry point
// (get_user_pages_fast → gup_fast_fallback → __gup_longterm_locked →
// __get_user_pages_locked → __get_user_pages).
const maxReach = 6

// For returns the checks on the way from the API functions the event's
// call chain goes through, nearest first, each once; whole says every
// one of those functions was read from the tree (none is only in the
// built-in model, as a header's inline function tolerant mode does not
// read).
func (c *Contract) For(ev *flagflow.Event) (out []*Assertion, whole bool) {
	var start []*flagflow.FuncDef
	var key strings.Builder
	whole = true
	for _, f := range ev.Chain {
		if f.Caller == nil {
			continue
		}
		if d := c.api(f.Caller.Unit, f.Callee); d != nil {
			start = append(start, d)
			key.WriteString(d.Key.String() + ";")
		} else if p := c.prog.Lookup(f.Caller.Unit, f.Callee); p != nil && p.Stub {
			whole = false
		}
	}
	k := key.String()
	c.mu.Lock()
	out, ok := c.reach[k]
	w := c.whole[k]
	c.mu.Unlock()
	if ok {
		return out, w && whole
	}
	seen := map[*flagflow.FuncDef]bool{}
	parent := map[*flagflow.FuncDef]*flagflow.FuncDef{}
	for i, d := range start {
		seen[d] = true
		if i > 0 {
			parent[d] = start[i-1] // the chain's own calls
		}
	}
	level := start
	reachWhole := true
	for depth := 0; depth < maxReach && len(level) > 0; depth++ {
		var next []*flagflow.FuncDef
		for _, d := range level {
			if d.F.Header && d.Owner != nil && d.Owner.Mode == cparse.Precise {
				// A header's inline function read in precise mode went
				// through the preprocessor: its WARN_ON_ONCE() is a
				// statement expression, no longer a check to find (6.12's
				// get_user_page_vma_remote in include/linux/mm.h).
				reachWhole = false
			}
			for _, a := range c.asserts(d) {
				b := *a
				b.Returns = c.returns(d, parent, a.Returns)
				out = append(out, &b)
			}
			for _, name := range d.Callees() {
				if n := c.api(d.Unit, name); n != nil && !seen[n] {
					seen[n] = true
					parent[n] = d
					next = append(next, n)
				}
			}
		}
		level = next
	}
	c.mu.Lock()
	c.reach[k] = out
	c.whole[k] = reachWhole
	c.mu.Unlock()
	return out, whole && reachWhole
}

// Find returns the first check on the event's way that match accepts;
// whole as For's.
func (c *Contract) Find(ev *flagflow.Event, match func(*Assertion) bool) (a *Assertion, whole bool) {
	as, whole := c.For(ev)
	for _, a := range as {
		if match(a) {
			return a, whole
		}
	}
	return nil, whole
}

// api returns the tree's definition of an API function called from unit:
// one of mm/gup.c or a header's inline one (get_user_page_vma_remote).
func (c *Contract) api(unit, name string) *flagflow.FuncDef {
	d := c.prog.TreeFunc(unit, name)
	if d == nil {
		d = c.prog.TreeFunc(gupapi.File, name)
	}
	if d == nil || d.Stub || (d.Unit != gupapi.File && !d.F.Header) {
		return nil
	}
	return d
}

// returns is what the entry point returns when a check of d fires: d's
// own guarded return, or, for a validating function that returns false,
// what its caller returns when it does (if (!is_valid_gup_args(…))
// return -EINVAL).
func (c *Contract) returns(d *flagflow.FuncDef, parent map[*flagflow.FuncDef]*flagflow.FuncDef, r string) string {
	for r == "false" {
		p := parent[d]
		if p == nil {
			return r
		}
		r = guardedReturn(p.F, d.F.Name)
		d = p
	}
	return r
}

// asserts lists the checks in d's body, once per function.
func (c *Contract) asserts(d *flagflow.FuncDef) []*Assertion {
	c.mu.Lock()
	out, ok := c.funcs[d]
	c.mu.Unlock()
	if ok {
		return out
	}
	guards := map[*cparse.Call]string{}
	cparse.Inspect(d.F, func(n cparse.Node) bool {
		if i, ok := n.(*cparse.If); ok {
			if call, ok := i.C.(*cparse.Call); ok && assertMacros[call.CalleeName()] != "" {
				guards[call] = firstReturn(i.Then)
			}
		}
		return true
	})
	cparse.Inspect(d.F, func(n cparse.Node) bool {
		call, ok := n.(*cparse.Call)
		if !ok {
			return true
		}
		if _, ok := call.Assertion(); !ok || assertMacros[call.CalleeName()] == "" {
			return true
		}
		a := &Assertion{Func: d.F.Name, Pos: call.P, Macro: call.CalleeName(), Cond: call.Args[0],
			Flags: map[string]bool{}, Clear: map[string]bool{}, Names: map[string]bool{}, Deref: map[string]bool{}, Returns: guards[call]}
		a.Text = c.quote(call.P)
		a.features(call.Args[0], false)
		out = append(out, a)
		return false
	})
	c.mu.Lock()
	c.funcs[d] = out
	c.mu.Unlock()
	return out
}

// firstReturn is the value a guarded statement returns, as written.
func firstReturn(s cparse.Stmt) string {
	switch s := s.(type) {
	case *cparse.Return:
		if s.X == nil {
			return ""
		}
		return cparse.ExprString(s.X)
	case *cparse.Block:
		for _, x := range s.Stmts {
			if r, ok := x.(*cparse.Return); ok {
				return firstReturn(r)
			}
		}
	}
	return ""
}

// guardedReturn is what f returns when a call of callee in its condition
// fails: if (!callee(…)) return X.
func guardedReturn(f *cparse.Func, callee string) string {
	var r string
	cparse.Inspect(f, func(n cparse.Node) bool {
		i, ok := n.(*cparse.If)
		if !ok || r != "" {
			return r == ""
		}
		if u, ok := i.C.(*cparse.Unary); ok && u.Op == "!" {
			if c, ok := u.X.(*cparse.Call); ok && c.CalleeName() == callee {
				r = firstReturn(i.Then)
			}
		}
		return true
	})
	return r
}

// quote returns the condition of the call at p as the source writes it:
// the first argument, blanks folded; "" when the text cannot be read.
func (c *Contract) quote(p cparse.Pos) string {
	if c.read == nil {
		return ""
	}
	b, err := c.read(p.File)
	if err != nil {
		return ""
	}
	code := cparse.CodeText(b)
	off := 0
	for line := int32(1); line < p.Line && off < len(b); off++ {
		if b[off] == '\n' {
			line++
		}
	}
	off += int(p.Col) - 1
	for off < len(code) && code[off] != '(' {
		off++
	}
	depth, start := 0, off+1
	for i := off; i < len(code); i++ {
		switch code[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return strings.Join(strings.Fields(string(b[start:i])), " ")
			}
		case ',':
			if depth == 1 {
				return strings.Join(strings.Fields(string(b[start:i])), " ")
			}
		}
	}
	return ""
}

// features records what a condition names, neg saying it sits under an odd
// number of negations (!x, x == 0).
func (a *Assertion) features(e cparse.Expr, neg bool) {
	switch x := e.(type) {
	case *cparse.Ident:
		a.Names[x.Name] = true
		if strings.HasPrefix(x.Name, "FOLL_") || x.Name == "INTERNAL_GUP_FLAGS" {
			a.Flags[x.Name] = true
			if neg {
				a.Clear[x.Name] = true
			}
		}
	case *cparse.IntLit:
		if strings.HasPrefix(x.Macro, "FOLL_") {
			a.Flags[x.Macro] = true
			if neg {
				a.Clear[x.Macro] = true
			}
		}
	case *cparse.Unary:
		switch x.Op {
		case "!":
			a.features(x.X, !neg)
		case "~":
			a.Complement = true
			a.features(x.X, neg)
		case "*":
			if id, ok := x.X.(*cparse.Ident); ok {
				a.Deref[id.Name] = true
			}
			a.features(x.X, neg)
		default:
			a.features(x.X, neg)
		}
	case *cparse.Binary:
		if x.Op == "==" && (cparse.IsZero(x.X) || cparse.IsZero(x.Y)) {
			a.features(x.X, !neg) // x == 0 is !x
			a.features(x.Y, !neg)
			return
		}
		a.features(x.X, neg)
		a.features(x.Y, neg)
	case *cparse.Cast:
		a.features(x.X, neg)
	case *cparse.Call:
		for _, arg := range x.Args {
			a.features(arg, neg)
		}
	case *cparse.Member:
		a.features(x.X, neg)
	case *cparse.Cond:
		a.features(x.C, neg)
		a.features(x.T, neg)
		a.features(x.F, neg)
	}
}

// Set reports whether the condition tests flag for being set.
func (a *Assertion) Set(flag string) bool { return a.Flags[flag] && !a.Clear[flag] }
