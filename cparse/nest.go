package cparse

import "bytes"
import "fmt"
import "path/filepath"
import "strconv"
import "strings"
import "sync"

// An #include of the file itself, or a cycle of #includes, makes cc/v4
// include forever: its include depth limit does not work (its counter is
// decremented when the directive returns, before the included file is
// read), and the preprocessor grows for minutes until it panics with an
// index out of range. Include guards make most cycles harmless (a header
// including itself inside its own guard, net/batman-adv/main.h), so a
// cycle is not an error in itself: only one that nests without end is,
// as cpp's "#include nested too deeply".
//
// gupvet finds the cycles of a unit's #include "..." directives before
// parsing, and makes every turn of a cycle include a copy of the file
// under another name: cc/v4 caches what it read by name, so the copies are
// read anew, and their guards are evaluated as cpp would. A cycle that a
// guard stops costs one copy; one that nothing stops reaches
// maxIncludeDepth copies, where gupvet reads an empty file instead and
// reports the include that closes the cycle, in both modes.

// maxIncludeDepth is how many turns of an include cycle gupvet follows.
// gcc stops at 200 nested includes; a turn here is a whole pass through
// the cycle (a copy of a .c file of thousands of lines, each time), and no
// kernel file turns a cycle more than once.
const maxIncludeDepth = 32

// nestMarker starts the name of a copy of a file in an include cycle:
// /__gupvet_nest__/DEPTH.EDGE/abs/path/of/the/file. cc/v4 joins the name
// onto the includer's directory; what follows the last marker is the copy.
const nestMarker = "/__gupvet_nest__/"

// includeEdge is one #include "..." of a file of the unit.
type includeEdge struct {
	id        int    // index in includeNest.all
	line, col int    // of the opening quote, 1-based
	name      string // as written
	target    string // the file it resolves to, absolute
	// back: target is being included when this directive is read (a
	// cycle); cycle is the files of that cycle, from target to the
	// includer
	back  bool
	cycle []string
}

// includeNest is the include graph of a unit that has a cycle, and what
// the parse met.
type includeNest struct {
	edges map[string][]*includeEdge // by includer, absolute
	all   []*includeEdge            // by id

	mu    sync.Mutex
	limit *includeEdge // the back edge at which copies went too deep
}

// includeCycles returns the graph of #include "..." directives reachable
// from the file main, resolved along paths as cc/v4 resolves them ("" is
// the includer's directory), when it has a cycle; nil when it has none.
// read reads a file as the frontend would (ok false: not found); a file
// under stub is an empty stub and is not followed.
func includeCycles(main string, paths []string, stub string, read func(string) ([]byte, bool)) *includeNest {
	n := &includeNest{edges: map[string][]*includeEdge{}}
	state := map[string]int{} // 1 on the stack, 2 done
	var stack []string
	cyclic := false
	var visit func(f string, b []byte)
	visit = func(f string, b []byte) {
		state[f] = 1
		stack = append(stack, f)
		for _, inc := range quotedIncludes(b) {
			e := &includeEdge{line: inc.line, col: inc.col, name: inc.name}
			var tb []byte
			for _, p := range paths {
				if p == "" || p == "@" {
					p = filepath.Dir(f)
				}
				if stub != "" && p == stub {
					break
				}
				cand := filepath.Join(p, inc.name)
				if b, ok := read(cand); ok {
					e.target, tb = cand, b
					break
				}
			}
			if e.target == "" {
				continue
			}
			e.id = len(n.all)
			n.edges[f] = append(n.edges[f], e)
			n.all = append(n.all, e)
			switch state[e.target] {
			case 1:
				e.back = true
				cyclic = true
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i] == e.target {
						e.cycle = append([]string(nil), stack[i:]...)
						break
					}
				}
			case 0:
				if len(state) < maxNestFiles {
					visit(e.target, tb)
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[f] = 2
	}
	if b, ok := read(main); ok {
		visit(main, b)
	}
	if !cyclic {
		return nil
	}
	return n
}

// maxNestFiles bounds the include graph walked before a parse (a unit
// reads a few local headers by #include "..."; the walk is not where a
// runaway tree should cost).
const maxNestFiles = 2000

// quotedInclude is one #include "name" line.
type quotedInclude struct {
	name      string
	line, col int // of the opening quote
}

// quotedIncludes returns the #include "..." lines of a file (a byte scan:
// a regexp over every file of the tree is the prefilter's whole cost).
func quotedIncludes(b []byte) []quotedInclude {
	var out []quotedInclude
	line, lineStart := 1, 0
	// Jump from '#' to '#', which is rarer in C than any letter of
	// "include": the prefilter runs this over every local header.
	for i := 0; i < len(b); {
		k := bytes.IndexByte(b[i:], '#')
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		// the line must start with optional blanks, '#', optional blanks
		j := k - 1
		for j >= 0 && isBlank(b[j]) {
			j--
		}
		if j >= 0 && b[j] != '\n' {
			continue
		}
		q := k + 1
		for q < len(b) && isBlank(b[q]) {
			q++
		}
		if !bytes.HasPrefix(b[q:], []byte("include")) {
			continue
		}
		for q += len("include"); q < len(b) && isBlank(b[q]); q++ {
		}
		if q >= len(b) || b[q] != '"' {
			continue
		}
		e := bytes.IndexByte(b[q+1:], '"')
		nl := bytes.IndexByte(b[q+1:], '\n')
		if e < 0 || (nl >= 0 && nl < e) {
			continue
		}
		line += bytes.Count(b[lineStart:k], []byte{'\n'})
		lineStart = j + 1
		out = append(out, quotedInclude{name: string(b[q+1 : q+1+e]), line: line, col: q - lineStart + 1})
		i = q + 1 + e
	}
	return out
}

// splitNest parses the name of a copy: the file it is a copy of and the
// depth and edge it was reached by; ok false for any other name.
func splitNest(name string) (real string, depth, edge int, ok bool) {
	i := strings.LastIndex(name, nestMarker)
	if i < 0 {
		return name, 0, 0, false
	}
	rest := name[i+len(nestMarker):]
	s := strings.IndexByte(rest, '/')
	if s < 0 {
		return name, 0, 0, false
	}
	d, e, found := strings.Cut(rest[:s], ".")
	depth, err1 := strconv.Atoi(d)
	edge, err2 := strconv.Atoi(e)
	if !found || err1 != nil || err2 != nil {
		return name, 0, 0, false
	}
	return rest[s:], depth, edge, true
}

// unnest returns the file a name read by the frontend stands for.
func unnest(name string) string {
	real, _, _, _ := splitNest(name)
	return real
}

// reached records that copy name was asked for: it reports whether the
// copy is within maxIncludeDepth (else the frontend reads an empty file).
func (n *includeNest) reached(depth, edge int) bool {
	if depth <= maxIncludeDepth {
		return true
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.limit == nil && edge >= 0 && edge < len(n.all) {
		n.limit = n.all[edge]
	}
	return false
}

// rewrite returns the text of file f read at depth: its #include
// directives that close a cycle name the next copy of their target, and,
// in a copy, every #include "..." names the copy of its target at the
// same depth (cc/v4 would otherwise find it by directory, at depth 0,
// and a cycle through a cached name would turn for ever).
func (n *includeNest) rewrite(f string, depth int, b []byte) []byte {
	edges := n.edges[f]
	if len(edges) == 0 {
		return b
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	changed := false
	for _, e := range edges {
		if !e.back && depth == 0 || e.line < 1 || e.line > len(lines) {
			continue
		}
		d := depth
		if e.back {
			d++
		}
		l := lines[e.line-1]
		q := e.col - 1
		if q < 0 || q >= len(l) || l[q] != '"' || !bytes.HasPrefix(l[q+1:], []byte(e.name+`"`)) {
			continue
		}
		name := fmt.Sprintf("%s%d.%d%s", nestMarker, d, e.id, e.target)
		var nl []byte
		nl = append(nl, l[:q+1]...)
		nl = append(nl, name...)
		nl = append(nl, l[q+1+len(e.name):]...)
		lines[e.line-1] = nl
		changed = true
	}
	if !changed {
		return b
	}
	return bytes.Join(lines, nil)
}

// err is the error of a unit whose include cycle nests without end.
func (n *includeNest) err(t *Tree) *Error {
	n.mu.Lock()
	e := n.limit
	n.mu.Unlock()
	if e == nil {
		return nil
	}
	var via []string
	for _, f := range e.cycle {
		via = append(via, t.Rel(f))
	}
	msg := "#include nested too deeply: " + t.Rel(e.target) + " includes itself"
	if len(via) > 1 {
		msg = "#include nested too deeply: the cycle " + strings.Join(append(via, via[0]), " -> ") + " has no include guard that ends it"
	}
	includer := e.cycle[len(e.cycle)-1]
	return &Error{Pos: Pos{File: t.Rel(includer), Line: int32(e.line), Col: int32(e.col)}, Msg: msg}
}
