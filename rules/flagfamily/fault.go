package flagfamily

import "fmt"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// The fault handlers' side: FOLL_ names reaching a FAULT_FLAG_ parameter.
// The flag flow's events end in the GUP API's sinks, so the fault flags
// are followed here, over the functions' summaries (what each call is
// given, in its caller's terms): fixup_user_fault's and handle_mm_fault's
// parameter (gupapi.FaultFlagsArgs), and the parameters of the functions
// that pass one of theirs on to one (a wrapper, found once per run).

// wrapper is a function that passes its parameter param to a fault
// flags parameter: of handler, directly at the call at, or through
// further wrappers.
type wrapper struct {
	param   int
	at      cparse.Pos
	to      string // the function called at at
	handler string // fixup_user_fault or handle_mm_fault, at the end
}

// faultParams are the program's fault flags parameters.
type faultParams struct {
	p        *flagflow.Program
	wrappers map[*flagflow.FuncDef]wrapper
}

// maxWrapperDepth bounds how many wrappers deep parameters are followed.
const maxWrapperDepth = 6

// faultParamsOf finds, once per run, the program's wrappers of the fault
// handlers.
func faultParamsOf(res *flagflow.Result, pd *analyzer.ProgramData) *faultParams {
	return pd.Shared("flagfamily.faultparams", func() any {
		fp := &faultParams{p: res.Program, wrappers: map[*flagflow.FuncDef]wrapper{}}
		var all []*flagflow.FuncDef
		for _, u := range pd.Units {
			all = append(all, res.Program.Funcs(u.Path)...)
		}
		names := map[string]bool{}
		for n := range gupapi.FaultFlagsArgs {
			names[n] = true
		}
		for depth := 0; depth < maxWrapperDepth && len(names) > 0; depth++ {
			found := map[string]bool{}
			for _, fd := range all {
				if _, done := fp.wrappers[fd]; done || !callsAny(fd, names) {
					continue
				}
				for _, c := range fp.p.Summary(fd).Calls {
					k, handler, ok := fp.param(fd, c)
					if !ok || k >= len(c.Args) {
						continue
					}
					if a := c.Args[k]; a.Sym.Valid() && a.Sym.Path == "" && a.PMask != 0 {
						fp.wrappers[fd] = wrapper{param: a.Sym.Param(), at: c.Pos, to: c.Callee, handler: handler}
						found[fd.F.Name] = true
						break
					}
				}
			}
			names = found
		}
		return fp
	}).(*faultParams)
}

func callsAny(fd *flagflow.FuncDef, names map[string]bool) bool {
	for _, c := range fd.Callees() {
		if names[c] {
			return true
		}
	}
	return false
}

// param returns which argument of the call c, made in fd, is fault flags,
// and the fault handler that gets them.
func (fp *faultParams) param(fd *flagflow.FuncDef, c *flagflow.CallRecord) (int, string, bool) {
	if k, ok := gupapi.FaultFlagsArg(c.Callee, len(c.Args)); ok {
		return k, c.Callee, true
	}
	if d := fp.p.Lookup(fd.Unit, c.Callee); d != nil && d != fd {
		if w, ok := fp.wrappers[d]; ok {
			return w.param, w.handler, true
		}
	}
	return 0, "", false
}

// faultHits adds, for the unit's functions, the FOLL_ names they write
// into fault flags.
func faultHits(res *flagflow.Result, pd *analyzer.ProgramData, add func(*flagflow.Origin, bool, reach)) {
	m := res.Program.Model
	fp := faultParamsOf(res, pd)
	words := fp.names()
	for _, fd := range res.Program.Funcs(res.Unit.Path) {
		if !callsAny(fd, words) {
			continue
		}
		for _, c := range res.Program.Summary(fd).Calls {
			k, handler, ok := fp.param(fd, c)
			if !ok || k >= len(c.Args) {
				continue
			}
			a := c.Args[k]
			for bit, o := range a.Origins {
				if a.May&bit == 0 || o == nil || o.Kind != flagflow.Written || o.Unresolved() || o.Owner() != fd.Key {
					continue
				}
				if f := m.Flags[o.Text]; f == nil {
					continue // a literal, a boolean: not a FOLL_ name
				}
				add(o, true, faultReach(fp, fd, c, handler, o))
			}
		}
	}
}

// names are the names of the fault handlers and of their wrappers.
func (fp *faultParams) names() map[string]bool {
	names := map[string]bool{}
	for n := range gupapi.FaultFlagsArgs {
		names[n] = true
	}
	for d := range fp.wrappers {
		names[d.F.Name] = true
	}
	return names
}

// faultReach describes the call c of fd through which the FOLL_ name at
// o reaches the fault flags of handler.
func faultReach(fp *faultParams, fd *flagflow.FuncDef, c *flagflow.CallRecord, handler string, o *flagflow.Origin) reach {
	r := reach{at: c.Pos, end: c.End, callee: handler}
	for _, h := range o.Via {
		if h.Store.IsValid() && h.Store != o.Pos {
			r.notes = append(r.notes, note{h.Store, fmt.Sprintf("%s is stored in %s here", o.Text, h.Member)})
		}
	}
	r.notes = append(r.notes, getsHere(c.Callee, handler, o.Text, "fault flags", c.Pos))
	if c.Callee == handler {
		return r
	}
	r.through = c.Callee
	// the wrappers on the way to the handler
	d := fp.p.Lookup(fd.Unit, c.Callee)
	for i := 0; d != nil && i < maxWrapperDepth; i++ {
		w, ok := fp.wrappers[d]
		if !ok {
			break
		}
		r.notes = append(r.notes, note{w.at, fmt.Sprintf("%s passes them to %s here", d.F.Name, w.to)})
		if w.to == handler {
			break
		}
		d = fp.p.Lookup(d.Unit, w.to)
	}
	return r
}
