package pinput

import "strconv"
import "strings"

import "gupvet/cparse"

// An atom is a condition the code tests that gupvet does not take apart
// further: kfp->pin, gup_flags & FOLL_PIN, cmd == PIN_BASIC_TEST. A
// world remembers the truth of the atoms its path decided, so that a
// later test of the same atom goes the same way (the release on the
// branch a pinned page cannot take is never reached).
type atomInfo struct {
	e cparse.Expr // the condition, in the function's terms
	// reads are the lvalues the atom reads: an assignment to one of them
	// makes the path forget the atom.
	reads []string
	// eqL, eqR: for X == C with a constant C, the texts of X and C; two
	// such atoms on the same X with different constants exclude each
	// other (the cases of a switch).
	eqL, eqR string
}

// constant reports whether an identifier names a constant (an enumerator
// or a macro: the kernel writes them in capitals), true or false.
func constant(e cparse.Expr) bool {
	switch x := e.(type) {
	case *cparse.IntLit:
		return true
	case *cparse.Ident:
		return x.Name == "true" || x.Name == "false" || x.Name == "NULL" || x.Name == strings.ToUpper(x.Name) && strings.ToUpper(x.Name) != strings.ToLower(x.Name)
	case *cparse.Cast:
		return constant(x.X)
	case *cparse.Unary:
		return (x.Op == "-" || x.Op == "~") && constant(x.X)
	}
	return false
}

// subst replaces, in a pure expression, the lvalues the world gave a
// pure value (bool pinned = kfp->pin) by that value.
func subst(e cparse.Expr, alias map[string]cparse.Expr) cparse.Expr {
	if len(alias) == 0 {
		return e
	}
	switch x := e.(type) {
	case *cparse.Ident, *cparse.Member, *cparse.Index:
		if l, ok := lvalOf(e); ok {
			if a, ok := alias[l.String()]; ok {
				return a
			}
		}
		switch x := e.(type) {
		case *cparse.Member:
			return &cparse.Member{P: x.P, X: subst(x.X, alias), Name: x.Name, Arrow: x.Arrow}
		case *cparse.Index:
			return &cparse.Index{P: x.P, X: subst(x.X, alias), I: subst(x.I, alias)}
		}
		return e
	case *cparse.Unary:
		return &cparse.Unary{P: x.P, Op: x.Op, X: subst(x.X, alias)}
	case *cparse.Binary:
		return &cparse.Binary{P: x.P, Op: x.Op, X: subst(x.X, alias), Y: subst(x.Y, alias)}
	case *cparse.Cast:
		return &cparse.Cast{P: x.P, Type: x.Type, X: subst(x.X, alias)}
	case *cparse.Cond:
		return &cparse.Cond{P: x.P, C: subst(x.C, alias), T: subst(x.T, alias), F: subst(x.F, alias)}
	}
	return e
}

// fold evaluates a constant condition.
func fold(e cparse.Expr) (uint64, bool) {
	switch x := e.(type) {
	case *cparse.IntLit:
		return x.Val, true
	case *cparse.Ident:
		switch x.Name {
		case "true":
			return 1, true
		case "false", "NULL":
			return 0, true
		}
	case *cparse.Cast:
		return fold(x.X)
	case *cparse.Unary:
		v, ok := fold(x.X)
		if !ok {
			return 0, false
		}
		switch x.Op {
		case "!":
			return b2u(v == 0), true
		case "-":
			return -v, true
		case "~":
			return ^v, true
		}
	case *cparse.Binary:
		a, okA := fold(x.X)
		b, okB := fold(x.Y)
		switch x.Op {
		case "&&":
			if okA && a == 0 || okB && b == 0 {
				return 0, true
			}
		case "||":
			if okA && a != 0 || okB && b != 0 {
				return 1, true
			}
		}
		if !okA || !okB {
			// the same constant name on both sides, or two different
			// names (a switch's cases are distinct)
			if x.Op == "==" || x.Op == "!=" {
				if ia, ok := x.X.(*cparse.Ident); ok && constant(ia) {
					if ib, ok := x.Y.(*cparse.Ident); ok && constant(ib) {
						return b2u((ia.Name == ib.Name) == (x.Op == "==")), true
					}
				}
			}
			return 0, false
		}
		switch x.Op {
		case "&":
			return a & b, true
		case "|":
			return a | b, true
		case "^":
			return a ^ b, true
		case "+":
			return a + b, true
		case "-":
			return a - b, true
		case "==":
			return b2u(a == b), true
		case "!=":
			return b2u(a != b), true
		case "<":
			return b2u(int64(a) < int64(b)), true
		case ">":
			return b2u(int64(a) > int64(b)), true
		case "<=":
			return b2u(int64(a) <= int64(b)), true
		case ">=":
			return b2u(int64(a) >= int64(b)), true
		case "&&":
			return b2u(a != 0 && b != 0), true
		case "||":
			return b2u(a != 0 || b != 0), true
		}
	}
	return 0, false
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// atom names a pure condition in world w: its text, or its value when
// it is constant. ok is false for a condition that is not pure.
func (in *interp) atom(c cparse.Expr, w *world) (text string, val, isConst, ok bool) {
	if !cparse.Pure(c) {
		return "", false, false, false
	}
	c = subst(c, w.alias)
	if v, ok := fold(c); ok {
		return "", v != 0, true, true
	}
	if b, ok := c.(*cparse.Binary); ok && b.Op == "==" && constant(b.X) && !constant(b.Y) {
		c = &cparse.Binary{P: b.P, Op: "==", X: b.Y, Y: b.X}
	}
	text = cparse.ExprString(c)
	if _, seen := in.atoms[text]; !seen {
		ai := &atomInfo{e: c, reads: readsOf(c)}
		if b, ok := c.(*cparse.Binary); ok && b.Op == "==" && constant(b.Y) {
			ai.eqL, ai.eqR = cparse.ExprString(b.X), constText(b.Y)
		}
		in.atoms[text] = ai
	}
	return text, false, false, true
}

func constText(e cparse.Expr) string {
	if v, ok := fold(e); ok {
		return "#" + strconv.FormatUint(v, 10)
	}
	return cparse.ExprString(e)
}

// readsOf lists the lvalues a pure expression reads.
func readsOf(e cparse.Expr) []string {
	var out []string
	cparse.Inspect(e, func(n cparse.Node) bool {
		switch x := n.(type) {
		case *cparse.Ident, *cparse.Member, *cparse.Index:
			if constant(x.(cparse.Expr)) {
				return false
			}
			if l, ok := lvalOf(x.(cparse.Expr)); ok {
				out = append(out, l.String())
				return false
			}
		}
		return true
	})
	return out
}

// decide returns what w knows of an atom.
func (in *interp) decide(w *world, text string) (val, known bool) {
	if v, ok := w.lits[text]; ok {
		return v, true
	}
	ai := in.atoms[text]
	if ai == nil || ai.eqL == "" {
		return false, false
	}
	for t, v := range w.lits {
		if !v {
			continue
		}
		if o := in.atoms[t]; o != nil && o.eqL == ai.eqL && o.eqR != ai.eqR {
			return false, true
		}
	}
	return false, false
}

// assume records an atom's truth in w and resolves what depended on it;
// it reports false when w already knows otherwise.
func (in *interp) assume(w *world, text string, v bool) bool {
	if old, known := in.decide(w, text); known {
		return old == v
	}
	w.lits[text] = v
	for k, s := range w.objs {
		if s.sym == text {
			w.objs[k] = s.resolve(v)
		}
	}
	return true
}

// forget makes w forget the atoms, aliases and symbolic states that read
// the lvalue l, which is being assigned.
func (in *interp) forget(w *world, l string) {
	for t := range w.lits {
		if in.reads(t, l) {
			delete(w.lits, t)
		}
	}
	for a, e := range w.alias {
		if key(a).within(l) {
			delete(w.alias, a)
			continue
		}
		for _, r := range in.aliasReads(e) {
			if key(r).within(l) {
				delete(w.alias, a)
				break
			}
		}
	}
	for k, s := range w.objs {
		if s.sym != "" && in.reads(s.sym, l) {
			w.objs[k] = &state{fam: s.fam, acq: s.acq}
		}
	}
}

// aliasReads is readsOf(e), computed once per expression: every
// assignment asks it of every alias.
func (in *interp) aliasReads(e cparse.Expr) []string {
	if r, ok := in.readsCache[e]; ok {
		return r
	}
	if in.readsCache == nil {
		in.readsCache = map[cparse.Expr][]string{}
	}
	r := readsOf(e)
	in.readsCache[e] = r
	return r
}

func (in *interp) reads(atom, l string) bool {
	ai := in.atoms[atom]
	if ai == nil {
		return false
	}
	for _, r := range ai.reads {
		if key(r).within(l) {
			return true
		}
	}
	return false
}
