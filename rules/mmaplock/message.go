package mmaplock

import "fmt"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/rules/report"

// reportCall reports one call from the events that reach it; the first
// explains it.
func reportCall(pass *analysis.Pass, pd *analyzer.ProgramData, evs []*event, m modelInfo) {
	e := evs[0]
	from := e.at.File
	msg := fmt.Sprintf("%s needs mmap_lock held: %s; but %s", e.req.entry, e.req.why(from, m), e.why(from))
	rel := report.NewRelated(pd)
	switch {
	case e.lock.kind == unheld:
		rel.Add(e.lock.at, e.lock.note())
	case e.entry != nil && e.entry.at.IsValid():
		rel.Add(e.entry.at, fmt.Sprintf("%s is %s here", e.root.F.Name, e.entry.why))
	case e.entry != nil:
		rel.Add(e.root.F.P, fmt.Sprintf("%s is %s", e.root.F.Name, e.entry.why))
	}
	for _, s := range e.chain {
		rel.Add(s.at, fmt.Sprintf("%s calls %s here", s.caller, s.callee))
	}
	for _, s := range e.req.path {
		rel.Add(s.at, fmt.Sprintf("%s calls %s here", s.caller, s.callee))
	}
	if e.req.at.IsValid() {
		rel.Add(e.req.at, fmt.Sprintf("%s here", e.req.text))
	}
	if a := e.req.lookup.asserts; a.IsValid() {
		rel.Add(a, fmt.Sprintf("%s asserts mmap_lock here", e.req.call()))
	}
	pass.Report(analysis.Diagnostic{
		Pos:      pd.Pos(e.at),
		End:      pd.Pos(e.end),
		Category: "lock",
		Message:  msg,
		Related:  rel.List(),
	})
}

// modelInfo is what messages say of the analysed tree.
type modelInfo struct {
	version string // "6.1.192"
}

// why says where the requirement comes from in the tree's code.
func (r *requirement) why(from string, m modelInfo) string {
	who := "it"
	if r.via != "" {
		who = "it calls " + r.via + ", which"
	}
	switch r.op {
	case opAssert:
		if r.in == r.entry || r.in == r.via {
			return fmt.Sprintf("%s asserts it (%s, %s)", who, r.text, report.Where(r.at, from))
		}
		if r.via != "" {
			who = "it calls " + r.via + ", whose"
		} else {
			who = "its"
		}
		return fmt.Sprintf("%s %s asserts it (%s, %s)", who, r.in, r.text, report.Where(r.at, from))
	case opLookup:
		in := ""
		if r.in != r.entry && r.in != r.via {
			in = " in " + r.in
		}
		s := fmt.Sprintf("%s walks the VMA tree the lock protects (%s%s, %s)", who, r.text, in, report.Where(r.at, from))
		switch {
		case r.lookup.asserts.IsValid():
			s += fmt.Sprintf(", and %s asserts it (%s)", r.call(), report.Where(r.lookup.asserts, from))
		case r.lookup.found:
			s += fmt.Sprintf("; Linux %s does not assert it there, so a missing lock goes unnoticed at run time", m.version)
		}
		return s
	}
	if r.via != "" {
		return fmt.Sprintf("it calls %s, which the GUP API documents as needing it (gupvet's built-in table: the run did not read its code)", r.via)
	}
	return "the GUP API documents it as needing the lock (gupvet's built-in table: the run did not read its code)"
}

// why says why the path does not hold the lock at the call.
func (e *event) why(from string) string {
	l := e.lock
	where := report.Where(l.at, from)
	if l.in != "" && l.in != e.fn.F.Name {
		where += " in " + l.in
	}
	switch {
	case l.kind == unheld && l.how == howReleased:
		return fmt.Sprintf("%s releases it at %s on this path", l.op, where)
	case l.kind == unheld && l.how == howDropped && l.op == "expand_stack":
		return fmt.Sprintf("expand_stack drops it when it fails (%s), and this path goes on", where)
	case l.kind == unheld && l.how == howDropped:
		return fmt.Sprintf("%s at %s may have dropped it (it then sets *locked to 0), and nothing takes it again on this path", l.op, where)
	case l.kind == unheld && l.how == howFailed:
		return fmt.Sprintf("%s at %s can fail without taking it, and this path goes on", l.op, where)
	}
	s := fmt.Sprintf("nothing on the path takes it: %s is %s", e.root.F.Name, e.entry.why)
	if e.entry.at.IsValid() {
		s += " (" + report.Where(e.entry.at, from) + ")"
	}
	s += ", entered without mmap_lock held"
	for i, c := range e.chain {
		if i == 0 {
			s += ", calls "
		} else {
			s += ", which calls "
		}
		s += fmt.Sprintf("%s (%s)", c.callee, report.Where(c.at, from))
	}
	return s
}

// note is the related-information text for where the lock state came
// from.
func (l lockState) note() string {
	switch l.how {
	case howReleased:
		return "mmap_lock is released here"
	case howDropped:
		return fmt.Sprintf("%s may drop mmap_lock here", l.op)
	case howFailed:
		return fmt.Sprintf("%s may fail here without taking mmap_lock", l.op)
	}
	return "here"
}
