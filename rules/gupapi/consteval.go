package gupapi

import "strconv"
import "strings"

import "gupvet/cparse"

// evalConst evaluates the small constant expressions that define FOLL_
// flags: integers, 1 << n, BIT(n), |, &, ~, parentheses and names of flags
// already read.
func (m *Model) evalConst(s string) (uint64, bool) {
	return evalWith(s, func(name string) (uint64, bool) {
		if f := m.Flags[name]; f != nil && strings.HasPrefix(name, "FOLL_") {
			return f.Value, true
		}
		return 0, false
	})
}

// evalWith evaluates a constant expression whose names look resolves. A
// parenthesised list of names that look does not know, followed by an
// operand, is a cast and is skipped ((__force gfp_t)___GFP_IO).
func evalWith(s string, look func(string) (uint64, bool)) (uint64, bool) {
	p := &constParser{toks: tokenize(s), look: look}
	v, ok := p.or()
	if !ok || p.i != len(p.toks) {
		return 0, false
	}
	return v, true
}

func tokenize(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\\' || c == '\n' || c == '\r':
			i++
		case c == '<' && i+1 < len(s) && s[i+1] == '<':
			out = append(out, "<<")
			i += 2
		case strings.ContainsRune("()|&~,", rune(c)):
			out = append(out, string(c))
			i++
		default:
			j := i
			for j < len(s) && (cparse.IsIdentByte(s[j])) {
				j++
			}
			if j == i {
				return append(out, "?")
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

type constParser struct {
	toks []string
	i    int
	look func(string) (uint64, bool)
}

func (p *constParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

// binaryOps are the binary operators of the constants, loosest first.
var binaryOps = []string{"|", "&", "<<"}

// or parses an expression of the binary operators.
func (p *constParser) or() (uint64, bool) { return p.binary(0) }

// binary parses the operands of binaryOps[level] and what binds tighter.
func (p *constParser) binary(level int) (uint64, bool) {
	if level == len(binaryOps) {
		return p.unary()
	}
	op := binaryOps[level]
	v, ok := p.binary(level + 1)
	for ok && p.peek() == op {
		p.i++
		var w uint64
		w, ok = p.binary(level + 1)
		switch op {
		case "|":
			v |= w
		case "&":
			v &= w
		case "<<":
			if w >= 64 {
				return 0, false
			}
			v <<= w
		}
	}
	return v, ok
}

func (p *constParser) unary() (uint64, bool) {
	switch t := p.peek(); {
	case t == "~":
		p.i++
		v, ok := p.unary()
		return ^v, ok
	case t == "(" && p.cast():
		return p.unary()
	case t == "(":
		p.i++
		v, ok := p.or()
		if !ok || p.peek() != ")" {
			return 0, false
		}
		p.i++
		return v, true
	case t == "BIT" || t == "_BITUL" || t == "BIT_ULL":
		p.i++
		if p.peek() != "(" {
			return 0, false
		}
		p.i++
		v, ok := p.or()
		if !ok || p.peek() != ")" || v >= 64 {
			return 0, false
		}
		p.i++
		return 1 << v, true
	case t != "" && t[0] >= '0' && t[0] <= '9':
		p.i++
		s := strings.TrimRight(t, "uUlL")
		v, err := strconv.ParseUint(s, 0, 64)
		return v, err == nil
	case t != "" && cparse.IsIdentByte(t[0]):
		p.i++
		return p.look(t)
	}
	return 0, false
}

// cast reports whether the parenthesis at p.i opens a cast, and skips it:
// only names the parser cannot resolve inside, an operand after.
func (p *constParser) cast() bool {
	j := p.i + 1
	for ; j < len(p.toks) && p.toks[j] != ")"; j++ {
		t := p.toks[j]
		if !cparse.IsIdentByte(t[0]) || t[0] >= '0' && t[0] <= '9' {
			return false
		}
		if _, ok := p.look(t); ok {
			return false
		}
	}
	if j == p.i+1 || j+1 >= len(p.toks) {
		return false
	}
	switch n := p.toks[j+1]; {
	case n == "(" || n == "~" || cparse.IsIdentByte(n[0]):
		p.i = j + 1
		return true
	}
	return false
}
