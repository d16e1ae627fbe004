package pinput

import "sort"
import "strconv"
import "strings"

import "gupvet/cparse"

// state is what an object holds on one path: the families of its pages
// and where the GUP ones were taken.
type state struct {
	fam fam
	acq []*site
	// sym, when set, is the atom the family depends on: pinned when it
	// holds, referenced when not (pages mm/gup.c takes with its caller's
	// gup_flags: gup_flags & FOLL_PIN). fam is then pin|ref.
	sym string
}

// resolve is s once its atom is known to be v.
func (s *state) resolve(v bool) *state {
	f := ref
	if v {
		f = pin
	}
	return &state{fam: f | s.fam&other, acq: s.acq}
}

// site is where pages were taken: a GUP entry point's call or, for
// pages a helper took, the call of the helper, with the helper's own
// taking inside.
type site struct {
	pos    cparse.Pos
	callee string
	inner  *site
}

// entry is the GUP call a site comes down to.
func (s *site) entry() *site {
	for s.inner != nil {
		s = s.inner
	}
	return s
}

const maxSites = 3

func join(a, b *state) *state {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	s := &state{fam: a.fam | b.fam, acq: append([]*site(nil), a.acq...)}
	if a.sym == b.sym {
		s.sym = a.sym
	} else if a.fam == 0 {
		s.sym = b.sym
	} else if b.fam == 0 {
		s.sym = a.sym
	}
	for _, x := range b.acq {
		if len(s.acq) >= maxSites {
			break
		}
		dup := false
		for _, y := range s.acq {
			dup = dup || y.pos == x.pos
		}
		if !dup {
			s.acq = append(s.acq, x)
		}
	}
	return s
}

// world is one path through a function: what each object holds, what
// the path knows of the conditions it took (lits: atom -> truth), the
// pure values variables were given (alias), the parameters it assigned,
// and the objects whose release family a dispatch on a condition the
// path did not know chose (quiet): from there on that condition, not the
// taking, says how they are released.
type world struct {
	objs  map[key]*state
	lits  map[string]bool
	alias map[string]cparse.Expr
	mod   map[string]bool
	quiet map[key]bool
}

func newWorld() *world {
	return &world{objs: map[key]*state{}, lits: map[string]bool{}, alias: map[string]cparse.Expr{}, mod: map[string]bool{}, quiet: map[key]bool{}}
}

func (w *world) clone() *world {
	n := &world{
		objs:  make(map[key]*state, len(w.objs)),
		lits:  make(map[string]bool, len(w.lits)),
		alias: make(map[string]cparse.Expr, len(w.alias)),
		mod:   make(map[string]bool, len(w.mod)),
		quiet: make(map[key]bool, len(w.quiet)),
	}
	for k, v := range w.objs {
		n.objs[k] = v
	}
	for k, v := range w.lits {
		n.lits[k] = v
	}
	for k, v := range w.alias {
		n.alias[k] = v
	}
	for k, v := range w.mod {
		n.mod[k] = v
	}
	for k, v := range w.quiet {
		n.quiet[k] = v
	}
	return n
}

// same reports whether two worlds hold the same: dedupe keeps one.
// (A comparison, not a key: paths are joined at every if and loop.)
func (in *interp) same(a, b *world) bool {
	if len(a.objs) != len(b.objs) || len(a.lits) != len(b.lits) || len(a.alias) != len(b.alias) ||
		len(a.mod) != len(b.mod) || len(a.quiet) != len(b.quiet) {
		return false
	}
	for k, s := range a.objs {
		t, ok := b.objs[k]
		if !ok || !sameState(s, t) {
			return false
		}
	}
	for l, v := range a.lits {
		if u, ok := b.lits[l]; !ok || u != v {
			return false
		}
	}
	for n, e := range a.alias {
		f, ok := b.alias[n]
		if !ok || f != e && in.exprText(f) != in.exprText(e) {
			return false
		}
	}
	for m := range a.mod {
		if !b.mod[m] {
			return false
		}
	}
	for q := range a.quiet {
		if !b.quiet[q] {
			return false
		}
	}
	return true
}

func sameState(s, t *state) bool {
	if s == t {
		return true
	}
	if s.fam != t.fam || s.sym != t.sym || len(s.acq) != len(t.acq) {
		return false
	}
	for i := range s.acq {
		if s.acq[i].pos != t.acq[i].pos {
			return false
		}
	}
	return true
}

// exprText is cparse.ExprString(e), computed once per expression: the
// aliases' values are compared on every join of paths.
func (in *interp) exprText(e cparse.Expr) string {
	if t, ok := in.texts[e]; ok {
		return t
	}
	if in.texts == nil {
		in.texts = map[cparse.Expr]string{}
	}
	t := cparse.ExprString(e)
	in.texts[e] = t
	return t
}

// writeObjs writes what w's objects hold, in the order of their keys.
func writeObjs(b *strings.Builder, w *world) {
	ks := make([]string, 0, len(w.objs))
	for k := range w.objs {
		ks = append(ks, string(k))
	}
	sort.Strings(ks)
	var num [20]byte
	for _, k := range ks {
		s := w.objs[key(k)]
		b.WriteString(k)
		b.WriteByte('=')
		b.Write(strconv.AppendUint(num[:0], uint64(s.fam), 10))
		b.WriteString(s.sym)
		for _, a := range s.acq {
			b.WriteByte('@')
			b.WriteString(a.pos.File)
			b.WriteByte(':')
			b.Write(strconv.AppendInt(num[:0], int64(a.pos.Line), 10))
			b.WriteByte(':')
			b.Write(strconv.AppendInt(num[:0], int64(a.pos.Col), 10))
		}
		b.WriteByte(';')
	}
}

// writeMarks writes the parameters w assigned and the objects it made
// quiet, sorted.
func writeMarks(b *strings.Builder, w *world) {
	ms := make([]string, 0, len(w.mod)+len(w.quiet))
	for m := range w.mod {
		ms = append(ms, "m:"+m)
	}
	for q := range w.quiet {
		ms = append(ms, "q:"+string(q))
	}
	sort.Strings(ms)
	b.WriteString(strings.Join(ms, ";"))
}

// maxWorlds bounds the paths followed through a function. Past it the
// extra paths are dropped (a finding is only ever made on a path that
// was followed), and a summary that lost paths says so.
const maxWorlds = 32

// dedupe removes identical worlds. Past maxWorlds, worlds that hold
// the same pages are joined (what their paths decided of conditions
// that chose nothing about pages is forgotten), and past it still the
// extra ones are dropped.
func (in *interp) dedupe(ws []*world) []*world {
	if len(ws) <= 1 {
		return ws
	}
	out := ws[:0:0]
next:
	for _, w := range ws {
		for _, o := range out {
			if in.same(w, o) {
				continue next
			}
		}
		out = append(out, w)
	}
	if len(out) <= maxWorlds {
		return out
	}
	byObjs := map[string]int{}
	var joined [][]*world
	for _, w := range out {
		k := w.objsKey()
		i, ok := byObjs[k]
		if !ok {
			i = len(joined)
			byObjs[k] = i
			joined = append(joined, nil)
		}
		joined[i] = append(joined[i], w)
	}
	out = out[:0]
	for _, g := range joined {
		w := g[0]
		if len(g) > 1 {
			w = g[0].clone()
			w.lits = intersect(g, func(x *world) map[string]bool { return x.lits })
			for a, e := range g[0].alias {
				for _, o := range g[1:] {
					if f, ok := o.alias[a]; !ok || cparse.ExprString(f) != cparse.ExprString(e) {
						delete(w.alias, a)
						break
					}
				}
			}
		}
		if len(out) == maxWorlds {
			in.truncated = true
			break
		}
		out = append(out, w)
	}
	return out
}

// objsKey is the part of a world's key about pages.
func (w *world) objsKey() string {
	var b strings.Builder
	writeObjs(&b, w)
	writeMarks(&b, w)
	return b.String()
}

// joinInto folds the worlds ws into w, keeping only what they all agree
// on (what a statement expression inside an expression leaves).
func joinInto(w *world, ws []*world) {
	if len(ws) == 0 {
		return
	}
	first := ws[0]
	objs := map[key]*state{}
	for k, s := range first.objs {
		objs[k] = s
	}
	for _, o := range ws[1:] {
		for k, s := range o.objs {
			if cur, ok := objs[k]; ok {
				if cur != s {
					objs[k] = join(cur, s)
				}
			} else {
				objs[k] = join(s, &state{fam: other})
			}
		}
		for k, s := range objs {
			if _, ok := o.objs[k]; !ok {
				objs[k] = join(s, &state{fam: other})
			}
		}
	}
	w.objs = objs
	w.lits = intersect(ws, func(x *world) map[string]bool { return x.lits })
	w.mod = map[string]bool{}
	w.quiet = map[key]bool{}
	w.alias = map[string]cparse.Expr{}
	for _, o := range ws {
		for m := range o.mod {
			w.mod[m] = true
		}
		for q := range o.quiet {
			w.quiet[q] = true
		}
	}
	for a, e := range first.alias {
		same := true
		for _, o := range ws[1:] {
			if f, ok := o.alias[a]; !ok || cparse.ExprString(f) != cparse.ExprString(e) {
				same = false
			}
		}
		if same {
			w.alias[a] = e
		}
	}
}

func intersect(ws []*world, m func(*world) map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k, v := range m(ws[0]) {
		all := true
		for _, o := range ws[1:] {
			if u, ok := m(o)[k]; !ok || u != v {
				all = false
			}
		}
		if all {
			out[k] = v
		}
	}
	return out
}
