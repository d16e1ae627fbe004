package flagflow

import "bytes"
import "fmt"
import "strings"

import "gupvet/cparse"
import "gupvet/rules/gupapi"

// escalation says why a tolerant read of a unit may miss what reaches the
// GUP API, so that a run with a configured tree reads it again fully
// preprocessed (analyzer.Needs.Escalate):
//   - a region tolerant mode gave up names a GUP word;
//   - an entry point's flags argument names something nothing the unit
//     read declares: a macro of a global header (#define FOO_FLAGS
//     (FOLL_WRITE | FOLL_LONGTERM)), whose value only the headers give;
//   - a function the unit does not declare is handed FOLL_ flags: an
//     inline function of a global header, maybe a GUP wrapper.
//
// "" when none holds: most files need nothing but their own text.
func escalation(u *cparse.Unit, src []byte) string {
	if u.Path == gupapi.File {
		return "" // the API's own file: read for its facts, tolerant mode serves
	}
	if why := lostWords(u, src); why != "" {
		return why
	}
	words := map[string]bool{}
	for _, w := range gupapi.Words {
		words[w] = true
	}
	var why string
	var code []byte // src without comments and literals, when needed
	for _, f := range u.Funcs {
		cparse.Inspect(f, func(n cparse.Node) bool {
			c, ok := n.(*cparse.Call)
			if !ok || why != "" {
				return why == ""
			}
			name := c.CalleeName()
			if i, ok := gupapi.FlagsArg[name]; ok && i < len(c.Args) {
				if id := valueName(c.Args[i]); id != nil {
					why = fmt.Sprintf("%s: the flags of %s name %s, which no file tolerant mode read declares (a global header's macro?)", id.P, name, id.Name)
				}
				return why == ""
			}
			if _, assert := c.Assertion(); assert {
				return true
			}
			if id, ok := c.Fun.(*cparse.Ident); ok && id.Undeclared && !words[name] && follArg(c) {
				if code == nil {
					code = cparse.CodeText(src) // once per file, only when asked
				}
				if !definedIn(code, name) {
					why = fmt.Sprintf("%s: %s is given FOLL_ flags and is declared in no file tolerant mode read (a global header's inline function?)", c.P, name)
				}
			}
			return why == ""
		})
		if why != "" {
			break
		}
	}
	return why
}

// lostWords names a GUP word in a region of the file tolerant mode gave up.
func lostWords(u *cparse.Unit, src []byte) string {
	if len(u.Lost) == 0 {
		return ""
	}
	lines := bytes.Split(src, []byte("\n"))
	for _, r := range u.Lost {
		if r.File != u.Path {
			continue // a local header's lines: src is the main file
		}
		for l := r.From; l <= r.To && int(l) <= len(lines); l++ {
			for _, w := range identsOf(lines[l-1]) {
				if strings.HasPrefix(w, "FOLL_") || isWord(w) {
					return fmt.Sprintf("%s:%d: tolerant mode gave up lines %d-%d, which name %s", u.Path, l, r.From, r.To, w)
				}
			}
		}
	}
	return ""
}

func isWord(w string) bool {
	for _, x := range gupapi.Words {
		if x == w {
			return true
		}
	}
	return false
}

// identsOf lists the identifiers of a line of code.
func identsOf(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		c := b[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			j := i
			for j < len(b) && cparse.IsIdentByte(b[j]) {
				j++
			}
			out = append(out, string(b[i:j]))
			i = j
			continue
		}
		i++
	}
	return out
}

// valueName returns a name in e that nothing the unit read declares and
// whose value becomes the flags: not one that is only tested (the
// condition of x ? FOLL_WRITE : 0, an operand of a comparison or of !),
// nor a FOLL_ flag (the model knows those), NULL, true or false.
func valueName(e cparse.Expr) *cparse.Ident {
	switch x := e.(type) {
	case *cparse.Ident:
		switch {
		case !x.Undeclared, strings.HasPrefix(x.Name, "FOLL_"), x.Name == "NULL", x.Name == "true", x.Name == "false":
			return nil
		}
		return x
	case *cparse.Cond:
		if id := valueName(x.T); id != nil {
			return id
		}
		return valueName(x.F)
	case *cparse.Binary:
		switch x.Op {
		case "==", "!=", "<", ">", "<=", ">=", "&&", "||":
			return nil // 0 or 1, whatever the names
		}
		if id := valueName(x.X); id != nil {
			return id
		}
		return valueName(x.Y)
	case *cparse.Unary:
		if x.Op == "!" {
			return nil
		}
		return valueName(x.X)
	case *cparse.Cast:
		return valueName(x.X)
	case *cparse.Call:
		if id, ok := x.Fun.(*cparse.Ident); ok {
			if _, assert := x.Assertion(); !assert {
				return valueName(id)
			}
		}
	}
	return nil
}

// follArg reports whether a call is handed a FOLL_ flag.
func follArg(c *cparse.Call) bool {
	for _, a := range c.Args {
		if foll(a) {
			return true
		}
	}
	return false
}

// definedIn reports whether the file's code (its text without comments
// and literals, cparse.CodeText) declares or defines a function name (one
// tolerant mode's slicing left out, say).
func definedIn(code []byte, name string) bool {
	for j := range cparse.Words(code, name) {
		end := j + len(name)
		rest := bytes.TrimLeft(code[end:], " \t\n")
		if len(rest) == 0 || rest[0] != '(' {
			continue
		}
		// the word before: a type (a declaration), not an operator
		before := bytes.TrimRight(code[max(0, j-64):j], " \t\n")
		if k := len(before); k > 0 && (cparse.IsIdentByte(before[k-1]) || before[k-1] == '*') {
			w := before[bytes.LastIndexFunc(before, func(r rune) bool { return !cparse.IsIdentByte(byte(r)) && r != '*' })+1:]
			switch string(w) {
			case "return", "else", "case", "do", "sizeof":
			default:
				return true
			}
		}
	}
	return false
}

// foll reports whether e names a FOLL_ flag.
func foll(e cparse.Expr) bool {
	found := false
	cparse.Inspect(e, func(n cparse.Node) bool {
		switch x := n.(type) {
		case *cparse.Ident:
			found = found || strings.HasPrefix(x.Name, "FOLL_")
		case *cparse.IntLit:
			found = found || strings.HasPrefix(x.Macro, "FOLL_")
		}
		return !found
	})
	return found
}
