package pinput

import "strings"

import "gupvet/cparse"

// An object is where a function keeps pages it got: an array of page
// pointers designated by an lvalue (pages, ne_mem_region->pages), or one
// page pointer variable or member, written with a leading "&" (&page:
// the one-element array get_user_pages_fast(addr, 1, 0, &page) fills). An
// element expression (pages[i], *pages, page) and an array expression
// (pages, pages + i, &pages[i], &page) name the same object, so a fill
// through one and a release through the other meet.

// sel is one step of an lvalue after its root: ->name, .name or [i].
type sel struct {
	name  string // "" for an index
	arrow bool
}

// lval is an lvalue gupvet can name: a root identifier and the steps
// after it.
type lval struct {
	root string
	sels []sel
}

func (l lval) String() string {
	var b strings.Builder
	b.WriteString(l.root)
	for _, s := range l.sels {
		switch {
		case s.name == "":
			b.WriteString("[]")
		case s.arrow:
			b.WriteString("->" + s.name)
		default:
			b.WriteString("." + s.name)
		}
	}
	return b.String()
}

// strip removes what does not change which object an expression names:
// casts, and the page/folio conversions.
func strip(e cparse.Expr) cparse.Expr {
	for {
		switch x := e.(type) {
		case *cparse.Cast:
			e = x.X
			continue
		case *cparse.Call:
			if convert[x.CalleeName()] && len(x.Args) >= 1 {
				e = x.Args[0]
				continue
			}
		case *cparse.Unary:
			// &folio->page is the folio's first page
			if x.Op == "&" {
				if m, ok := x.X.(*cparse.Member); ok && m.Arrow && m.Name == "page" {
					e = m.X
					continue
				}
			}
		}
		return e
	}
}

// convert are the functions that turn a page into its folio (or head
// page) and back: the result is in the same object as the argument.
var convert = map[string]bool{
	"page_folio": true, "compound_head": true, "folio_page": true, "folio_file_page": true,
	"nth_page": true,
}

// lvalOf returns the lvalue e is, or false.
func lvalOf(e cparse.Expr) (lval, bool) {
	switch x := e.(type) {
	case *cparse.Cast:
		return lvalOf(x.X)
	case *cparse.Ident:
		if x.Name == "NULL" {
			return lval{}, false
		}
		return lval{root: x.Name}, true
	case *cparse.Member:
		// (&s)->f is s.f; (*p).f is p->f
		if !x.Arrow {
			if u, ok := x.X.(*cparse.Unary); ok && u.Op == "*" {
				l, ok := lvalOf(u.X)
				return l.with(sel{name: x.Name, arrow: true}), ok
			}
		} else if u, ok := x.X.(*cparse.Unary); ok && u.Op == "&" {
			l, ok := lvalOf(u.X)
			return l.with(sel{name: x.Name}), ok
		}
		l, ok := lvalOf(x.X)
		return l.with(sel{name: x.Name, arrow: x.Arrow}), ok
	case *cparse.Index:
		l, ok := lvalOf(x.X)
		return l.with(sel{}), ok
	}
	return lval{}, false
}

func (l lval) with(s sel) lval {
	return lval{root: l.root, sels: append(append([]sel(nil), l.sels...), s)}
}

// key is the name of an object; "" names none.
type key string

// root is the identifier the object hangs from.
func (k key) root() string {
	s := strings.TrimPrefix(string(k), "&")
	if i := strings.IndexAny(s, "-.["); i >= 0 {
		return s[:i]
	}
	return s
}

// within reports whether k is l itself or an object reached from it.
func (k key) within(l string) bool {
	s := strings.TrimPrefix(string(k), "&")
	if !strings.HasPrefix(s, l) {
		return false
	}
	rest := s[len(l):]
	return rest == "" || strings.HasPrefix(rest, "->") || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[")
}

// elemKey is the object an element expression (a struct page * or a
// struct folio *) is in.
func elemKey(e cparse.Expr) key {
	e = strip(e)
	switch x := e.(type) {
	case *cparse.Index:
		return arrayKey(x.X)
	case *cparse.Unary:
		if x.Op == "*" {
			return arrayKey(x.X)
		}
		return ""
	}
	if l, ok := lvalOf(e); ok {
		return key("&" + l.String())
	}
	return ""
}

// arrayKey is the object an array expression (a struct page **) designates.
func arrayKey(e cparse.Expr) key {
	e = strip(e)
	switch x := e.(type) {
	case *cparse.Unary:
		if x.Op != "&" {
			return ""
		}
		if ix, ok := x.X.(*cparse.Index); ok {
			return arrayKey(ix.X)
		}
		if l, ok := lvalOf(x.X); ok {
			return key("&" + l.String())
		}
		return ""
	case *cparse.Binary:
		if x.Op == "+" || x.Op == "-" {
			return arrayKey(x.X)
		}
		return ""
	}
	if l, ok := lvalOf(e); ok {
		return key(l.String())
	}
	return ""
}

// exact reports whether an array expression designates its object from
// its start (pages, &page), so that a fill replaces what the object held;
// pages + i fills part of it.
func exact(e cparse.Expr) bool {
	e = strip(e)
	switch x := e.(type) {
	case *cparse.Binary:
		return (x.Op == "+" || x.Op == "-") && cparse.IsZero(x.Y)
	case *cparse.Unary:
		if ix, ok := x.X.(*cparse.Index); ok && x.Op == "&" {
			return cparse.IsZero(ix.I)
		}
		return x.Op == "&"
	}
	return true
}

// rebase is the expression for an object of a callee, whose lvalue hangs
// from a parameter, at a call that passes arg for that parameter.
func rebase(arg cparse.Expr, sels []sel) cparse.Expr {
	e := arg
	for _, s := range sels {
		if s.name == "" {
			e = &cparse.Index{P: arg.Pos(), X: e, I: &cparse.IntLit{P: arg.Pos(), Text: "0"}}
		} else {
			e = &cparse.Member{P: arg.Pos(), X: e, Name: s.name, Arrow: s.arrow}
		}
	}
	return e
}

// parse splits a key into its "&", root and steps.
func (k key) parse() (amp bool, l lval) {
	s := string(k)
	if strings.HasPrefix(s, "&") {
		amp, s = true, s[1:]
	}
	i := strings.IndexAny(s, "-.[")
	if i < 0 {
		return amp, lval{root: s}
	}
	l.root, s = s[:i], s[i:]
	for s != "" {
		var arrow bool
		switch {
		case strings.HasPrefix(s, "[]"):
			l.sels = append(l.sels, sel{})
			s = s[2:]
			continue
		case strings.HasPrefix(s, "->"):
			arrow, s = true, s[2:]
		case s[0] == '.':
			s = s[1:]
		default:
			return amp, l
		}
		j := strings.IndexAny(s, "-.[")
		if j < 0 {
			j = len(s)
		}
		l.sels = append(l.sels, sel{name: s[:j], arrow: arrow})
		s = s[j:]
	}
	return amp, l
}
