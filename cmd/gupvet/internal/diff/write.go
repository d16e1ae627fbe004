package diff

import "fmt"
import "strings"

// Unified returns a git-style unified diff turning old into new for the
// file at path (tree-relative, written with a/ and b/ prefixes), with 3
// lines of context; "" when they are equal.
func Unified(path string, old, new []byte) string {
	a, b := splitLines(string(old)), splitLines(string(new))
	ops := lineDiff(a, b)
	if len(ops) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", path, path, path, path)
	const ctx = 3
	// group edits whose context overlaps into hunks
	for i := 0; i < len(ops); {
		j := i
		for j+1 < len(ops) && ops[j+1].a0-ops[j].a1 <= 2*ctx {
			j++
		}
		a0 := max(ops[i].a0-ctx, 0)
		a1 := min(ops[j].a1+ctx, len(a))
		b0 := ops[i].b0 - (ops[i].a0 - a0)
		b1 := ops[j].b1 + (a1 - ops[j].a1)
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(a0, a1-a0), hunkRange(b0, b1-b0))
		k := a0
		for _, op := range ops[i : j+1] {
			for ; k < op.a0; k++ {
				writeLine(&sb, ' ', a[k])
			}
			for _, l := range a[op.a0:op.a1] {
				writeLine(&sb, '-', l)
			}
			for _, l := range b[op.b0:op.b1] {
				writeLine(&sb, '+', l)
			}
			k = op.a1
		}
		for ; k < a1; k++ {
			writeLine(&sb, ' ', a[k])
		}
		i = j + 1
	}
	return sb.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start) // the line before an insertion
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(sb *strings.Builder, op byte, l string) {
	sb.WriteByte(op)
	sb.WriteString(l)
	if !strings.HasSuffix(l, "\n") {
		sb.WriteString("\n\\ No newline at end of file\n")
	}
}

// edit replaces a[a0:a1] with b[b0:b1].
type edit struct{ a0, a1, b0, b1 int }

// lineDiff computes a shortest edit script between a and b (Myers'
// algorithm) as a list of replacements, in order.
func lineDiff(a, b []string) []edit {
	// common prefix and suffix first: fixes are small
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n == 0 && m == 0 {
		return nil
	}
	maxD := n + m
	off := maxD
	v := make([]int, 2*maxD+2)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && am[x] == bm[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// walk back: collect the matched (diagonal) runs
	type pt struct{ x, y int }
	var path []pt
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var pk int
		if k == -d || (k != d && vd[off+k-1] < vd[off+k+1]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := vd[off+pk]
		py := px - pk
		for x > px && y > py && x > 0 && y > 0 && am[x-1] == bm[y-1] {
			path = append(path, pt{x - 1, y - 1})
			x--
			y--
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		path = append(path, pt{x - 1, y - 1})
		x--
		y--
	}
	// path holds matched pairs in reverse; edits are the gaps
	var out []edit
	ax, by := 0, 0
	for i := len(path) - 1; i >= 0; i-- {
		p := path[i]
		if p.x > ax || p.y > by {
			out = append(out, edit{ax + pre, p.x + pre, by + pre, p.y + pre})
		}
		ax, by = p.x+1, p.y+1
	}
	if ax < n || by < m {
		out = append(out, edit{ax + pre, n + pre, by + pre, m + pre})
	}
	return out
}
