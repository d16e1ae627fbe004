package mmaplock

import "gupvet/rules/flagflow"

// graph is the condensation of a call graph: its strongly connected
// components, for each the components it calls into, and each
// function's component.
type graph struct {
	members [][]*flagflow.FuncDef
	succ    [][]int
	of      map[*flagflow.FuncDef]int
}

// components finds the strongly connected components of the graph that
// next gives over the functions all (Tarjan's algorithm); functions next
// names that are not in all are nodes too.
func components(all []*flagflow.FuncDef, next func(*flagflow.FuncDef) []*flagflow.FuncDef) graph {
	type info struct {
		index, low int
		onStack    bool
	}
	var (
		g     = graph{of: map[*flagflow.FuncDef]int{}}
		nodes = map[*flagflow.FuncDef]*info{}
		stack []*flagflow.FuncDef
		edges = map[*flagflow.FuncDef][]*flagflow.FuncDef{}
		index int
	)
	var visit func(d *flagflow.FuncDef) *info
	visit = func(d *flagflow.FuncDef) *info {
		n := &info{index: index, low: index, onStack: true}
		index++
		nodes[d] = n
		stack = append(stack, d)
		edges[d] = next(d)
		for _, x := range edges[d] {
			if m := nodes[x]; m == nil {
				m = visit(x)
				n.low = min(n.low, m.low)
			} else if m.onStack {
				n.low = min(n.low, m.index)
			}
		}
		if n.low == n.index {
			var ms []*flagflow.FuncDef
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				nodes[x].onStack = false
				g.of[x] = len(g.members)
				ms = append(ms, x)
				if x == d {
					break
				}
			}
			g.members = append(g.members, ms)
		}
		return n
	}
	for _, d := range all {
		if nodes[d] == nil {
			visit(d)
		}
	}
	g.succ = make([][]int, len(g.members))
	for i, ms := range g.members {
		seen := map[int]bool{i: true}
		for _, d := range ms {
			for _, x := range edges[d] {
				if j := g.of[x]; !seen[j] {
					seen[j] = true
					g.succ[i] = append(g.succ[i], j)
				}
			}
		}
	}
	return g
}
