package mmaplock

import "bytes"
import "strconv"
import "strings"

import "gupvet/cparse"
import "gupvet/internal/lazy"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// What a GUP API function requires of its caller's lock is read from the
// tree's own code: the function is interpreted from its entry, with the
// caller's arguments (a locked pointer to 1 or to 0, NULL), following the
// API's functions of mm/gup.c, and the first check of the lock it reaches
// while the lock is still as the caller left it is the requirement:
// mmap_assert_locked() (6.12: in __get_user_pages_locked, unless *locked
// is 0 and it takes the lock itself), or a walk of the VMA tree
// (find_vma, vma_lookup, gup_vma_lookup, find_extend_vma), which is
// protected by the lock whether or not the version asserts it (5.10, 6.1).
// An entry point that takes the lock before anything needs it
// (get_user_pages_unlocked, the slow path of get_user_pages_fast) requires
// nothing.

// apiFunc is a GUP API function a caller calls.
type apiFunc struct {
	name string
	def  *flagflow.FuncDef // the tree's code; nil when the run did not read it
}

// tableEntry is the contract of an API function whose code the run did
// not read: whether it requires the lock, or which entry point it wraps.
type tableEntry struct {
	requires bool
	via      string
}

// table is the lock contract of the GUP API by name, for functions whose
// code was not read (a headers-only tree, a header's inline function in
// tolerant mode): the kernel-doc's "mmap_lock must be held" of every
// version gupvet knows. get_user_page_vma_remote (include/linux/mm.h,
// 6.5+) calls get_user_pages_remote(mm, addr, 1, flags, &page, NULL).
var table = map[string]tableEntry{
	"get_user_pages": {requires: true}, "get_user_pages_remote": {requires: true},
	"pin_user_pages": {requires: true}, "pin_user_pages_remote": {requires: true},
	"get_user_pages_locked": {requires: true}, "pin_user_pages_locked": {requires: true},
	"fixup_user_fault": {requires: true}, "populate_vma_page_range": {requires: true},
	"faultin_page_range": {requires: true}, "faultin_vma_page_range": {requires: true},
	"get_user_page_vma_remote": {via: "get_user_pages_remote"},
	"get_user_pages_unlocked":  {}, "pin_user_pages_unlocked": {},
	"get_user_pages_fast": {}, "pin_user_pages_fast": {}, "get_user_pages_fast_only": {},
	"pin_user_pages_fast_only": {}, "get_user_page_fast_only": {}, "get_dump_page": {},
}

// lockedArg is the position of the function's `int *locked` parameter for
// a call with n arguments, or -1.
func (a *apiFunc) lockedArg(n int) int {
	if a.def != nil {
		for i, p := range a.def.F.Params {
			if p.Name == "locked" && p.Type.Ptr > 0 {
				return i
			}
		}
		return -1
	}
	switch a.name {
	case "get_user_pages_remote", "pin_user_pages_remote":
		if n >= 6 {
			return n - 1
		}
	case "get_user_pages_locked", "pin_user_pages_locked", "faultin_page_range", "faultin_vma_page_range", "populate_vma_page_range":
		return n - 1
	case "get_dump_page":
		if n == 2 {
			return 1
		}
	}
	return -1
}

// step is one call on a path: caller calls callee at at.
type step struct {
	caller, callee string
	at             cparse.Pos
}

// requirement is why a call of the API needs the lock held.
type requirement struct {
	entry string // the API function called
	// op is what the tree's code does that needs the lock: opAssert,
	// opLookup; opNone when the built-in table says so.
	op   opKind
	text string     // the call as the code writes it: "mmap_assert_locked(mm)"
	at   cparse.Pos // where
	in   string     // the function that makes it
	path []step     // the calls from entry down to in
	// via is the entry point a wrapper whose code was not read calls.
	via string
	// lookup is what the tree says of the VMA walk's own check, for
	// opLookup: where it asserts the lock, or that it does not.
	lookup lookupFact
}

// apiFunc returns the API function a call of name from unit reaches, or
// nil when name is not the GUP API.
func (c *checker) apiFunc(unit, name string) *apiFunc {
	if d := c.apiDef(unit, name); d != nil {
		return &apiFunc{name: name, def: d}
	}
	if _, ok := table[name]; ok {
		return &apiFunc{name: name}
	}
	return nil
}

// apiDef returns the tree's definition of an API function called from
// unit: one of mm/gup.c, or a header's inline entry point
// (get_user_page_vma_remote).
func (c *checker) apiDef(unit, name string) *flagflow.FuncDef {
	d := c.prog.TreeFunc(unit, name)
	if d == nil || d.Stub || d.F.Body == nil {
		return nil
	}
	if d.F.P.File == gupapi.File {
		return d
	}
	if _, ok := table[name]; ok && d.F.Header {
		return d
	}
	return nil
}

// requirement returns what calling a with these arguments (their pointees
// as w has them) requires of the lock, or nil when it requires nothing.
func (c *checker) requirement(unit string, a *apiFunc, args []val, w *world) *requirement {
	if a.def == nil {
		t := table[a.name]
		if t.via != "" {
			if v := c.apiFunc(unit, t.via); v != nil && v.def != nil && len(args) >= 3 {
				// get_user_pages_remote(mm, addr, 1, gup_flags, &page, NULL)
				inner := []val{args[0], args[1], constant(1), args[2], {k: vNonZero}, constant(0)}
				if r := c.requirement(unit, v, inner, w); r != nil {
					wr := *r
					wr.entry, wr.via = a.name, t.via
					return &wr
				}
				return nil
			}
			return &requirement{entry: a.name, via: t.via}
		}
		if t.requires {
			return &requirement{entry: a.name}
		}
		return nil
	}
	key := a.def.Key.String() + "(" + abstract(args, w) + ")"
	return lazy.Kept(&c.mu, c.reqs, key, func() *requirement { return c.scan(a, args, w) })
}

// abstract writes what the scan of an API function depends on in its
// arguments: constants, nullness, the value a pointer points to.
func abstract(args []val, w *world) string {
	var b strings.Builder
	for _, a := range args {
		b.WriteString(a.kindOnly())
		if pk := a.pointeeKey(); pk != "" {
			if v, ok := w.env.Get(pk); ok {
				b.WriteString("->" + v.String())
			}
		}
		b.WriteByte(',')
	}
	return b.String()
}

// kindOnly writes a value without the keys that name the caller's
// variables.
func (v val) kindOnly() string {
	switch v.k {
	case vAddr:
		return "&"
	case vSame:
		if v.c != 0 {
			return "p!"
		}
		return "p"
	}
	return v.String()
}

// pointeeKey is the key of what a pointer value points to, or "".
func (v val) pointeeKey() string {
	switch v.k {
	case vAddr:
		return v.key
	case vSame:
		return "*" + v.key
	}
	return ""
}

// scan interprets an API function for what it requires of its caller.
func (c *checker) scan(a *apiFunc, args []val, w *world) *requirement {
	in := &interp{c: c, root: a.def, api: true}
	f := in.newFrame(a.def, nil, cparse.Pos{})
	sw := newWorld()
	for i, p := range a.def.F.Params {
		if i >= len(args) || p.Name == "" {
			continue
		}
		key := f.localKey(p.Name)
		v := args[i]
		switch v.k {
		case vConst, vNonZero:
			sw.env.Set(key, v)
		case vAddr, vSame:
			// the caller's object, under a name of the scan's own
			arg := "a" + strconv.Itoa(i)
			bound := val{k: vAddr, key: arg}
			if v.k == vSame && v.c == 0 {
				bound = val{k: vSame, key: arg} // may be NULL
			}
			sw.env.Set(key, bound)
			if pv, ok := w.env.Get(v.pointeeKey()); ok {
				sw.env.Set(bound.pointeeKey(), pv)
			}
		}
	}
	in.run(f, sw)
	var best *requirement
	for _, r := range in.cites {
		if best == nil || r.op == opAssert && best.op != opAssert {
			best = r
		}
	}
	if best != nil {
		best.entry = a.name
		if best.op == opLookup {
			best.lookup = c.lookupFact(best.call())
		}
	}
	return best
}

// call is the name of the function the requirement's code calls.
func (r *requirement) call() string {
	if i := strings.IndexByte(r.text, '('); i > 0 {
		return r.text[:i]
	}
	return r.text
}

// cite records, in api mode, a check of the lock the scanned code makes
// while the lock is as its caller left it.
func (in *interp) cite(f *frame, c *cparse.Call, op opKind) {
	in.cites = append(in.cites, &requirement{op: op, text: cparse.ExprString(c), at: c.P, in: f.fn.F.Name, path: chainOf(f)})
}

// chainOf lists the calls from the interpretation's root down to f.
func chainOf(f *frame) []step {
	var out []step
	for ; f.parent != nil; f = f.parent {
		out = append(out, step{caller: f.parent.fn.F.Name, callee: f.fn.F.Name, at: f.call})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// lookupFact is what the tree's code says of a VMA lookup function's own
// check of the lock.
type lookupFact struct {
	found   bool       // the function's definition was read
	asserts cparse.Pos // where it asserts the lock, when it does
}

// lookupFiles are where the VMA lookups are defined (find_vma moved
// between mm/mmap.c and mm/vma.c; vma_lookup is inline in mm.h).
var lookupFiles = []string{"mm/mmap.c", "mm/vma.c", "include/linux/mm.h", gupapi.File}

// lookupFact finds a lookup function's definition in the tree's text and
// whether its body (or that of the lookup it calls) asserts the lock.
func (c *checker) lookupFact(name string) lookupFact {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.lookups[name]; ok {
		return f
	}
	f := c.findLookup(name, 2)
	c.lookups[name] = f
	return f
}

func (c *checker) findLookup(name string, depth int) lookupFact {
	for _, file := range lookupFiles {
		b, err := c.tree.ReadFile(file)
		if err != nil {
			continue
		}
		code := cparse.CodeText(b)
		start, end := funcBody(code, name)
		if start < 0 {
			continue
		}
		body := code[start:end]
		for _, a := range []string{"mmap_assert_locked(", "mmap_assert_write_locked(", "lockdep_assert_held(&mm->mmap_lock"} {
			if i := bytes.Index(body, []byte(a)); i >= 0 {
				return lookupFact{found: true, asserts: posAt(file, b, start+i)}
			}
		}
		if depth > 0 {
			for other, op := range lockOps {
				if op == opLookup && other != name && bytes.Contains(body, []byte(other+"(")) {
					if f := c.findLookup(other, depth-1); f.asserts.IsValid() {
						return f
					}
				}
			}
		}
		return lookupFact{found: true}
	}
	return lookupFact{}
}

// funcBody finds the body of the definition of name in C text (comments
// and strings blanked): the offsets of its braces, or -1.
func funcBody(code []byte, name string) (int, int) {
	pat := []byte(name + "(")
	for i := range cparse.Occurrences(code, string(pat)) {
		if i > 0 && (cparse.IsIdentByte(code[i-1])) {
			continue
		}
		// the parameter list, then a '{' before any ';'
		j := cparse.Closing(code, i+len(name), len(code), "")
		if j < 0 {
			continue
		}
		k := j + 1
		for k < len(code) && (code[k] == ' ' || code[k] == '\t' || code[k] == '\n') {
			k++
		}
		if k >= len(code) || code[k] != '{' {
			continue
		}
		if e := cparse.Closing(code, k, len(code), ""); e >= 0 {
			return k, e
		}
		return -1, -1
	}
	return -1, -1
}

// posAt is the position of byte offset off of file b.
func posAt(file string, b []byte, off int) cparse.Pos {
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return cparse.Pos{File: file, Line: int32(line), Col: int32(col)}
}
