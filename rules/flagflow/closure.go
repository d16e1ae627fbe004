package flagflow

import "sort"

// Closure returns fd and every function a call in it, or in a function
// so reached, can resolve to (Lookup, and TreeFunc where the model's stub
// is preferred), ordered by key and unit: a superset of what an analysis
// that follows calls down from fd can read, for the keys of results kept
// across runs.
func (p *Program) Closure(fd *FuncDef) []*FuncDef {
	seen := map[*FuncDef]bool{fd: true}
	list := []*FuncDef{fd}
	add := func(y *FuncDef) {
		if y != nil && !seen[y] {
			seen[y] = true
			list = append(list, y)
		}
	}
	for i := 0; i < len(list); i++ {
		x := list[i]
		for _, n := range x.Callees() {
			add(p.lookup(x.Unit, n))
			add(p.TreeFunc(x.Unit, n))
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := list[i].Key, list[j].Key; a != b {
			return a.less(b)
		}
		return list[i].Unit < list[j].Unit
	})
	return list
}
