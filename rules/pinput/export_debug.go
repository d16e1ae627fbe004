package pinput

// SetDebug is for a developer's tool (not committed).
func SetDebug(f func(name string, nfills, nrel, nfinds int, info string)) {
	debugResult = func(name string, r *result) {
		info := ""
		for _, e := range r.releases {
			var cs []string
			for _, c := range e.conds {
				cs = append(cs, c.text)
			}
			info += " rel:" + e.callee + e.id() + "[" + join3(cs) + "]"
		}
		for _, e := range r.fills {
			info += " fill:" + e.id() + e.fam.String()
		}
		if r.incomplete {
			info = " INCOMPLETE" + info
		}
		if r.cut {
			info = " CUT" + info
		}
		f(name, len(r.fills), len(r.releases), len(r.finds), info)
	}
}

func join3(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ";"
		}
		out += x
	}
	return out
}
