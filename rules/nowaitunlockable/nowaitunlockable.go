package nowaitunlockable

import _ "embed"
import "fmt"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports GUP calls that combine FOLL_NOWAIT and FOLL_UNLOCKABLE:
// a Warning, since the call runs (FOLL_NOWAIT wins) against what its
// entry point promises.
var Analyzer = report.New("nowaitunlockable", doc, report.Warning, run)

var pre63 bool

func init() {
	Analyzer.Flags.BoolVar(&pre63, "pre63", false, "on trees before 6.3 (no FOLL_UNLOCKABLE), report FOLL_NOWAIT with a non-NULL locked instead")
}

func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
	m := res.Program.Model
	nowait, ok := m.Value("FOLL_NOWAIT")
	if !ok || (m.SyntheticUnlockable && !pre63) {
		return nil, nil
	}
	u := m.Unlockable
	for _, evs := range report.ByCall(res.Events) {
		var hits []*flagflow.Event
		always := true
		for _, ev := range evs {
			if ev.Sink.Kind != gupapi.GUPArgs {
				continue
			}
			if !ev.Flags.MustSet(nowait | u) {
				always = false
			}
			if !ev.Flags.MaySet(nowait) || !ev.Flags.MaySet(u) {
				continue
			}
			if ev.Flags.Origin(u).Unresolved() || ev.Flags.Origin(nowait).Unresolved() {
				continue // depends on what the callers pass: reported there
			}
			if !ev.Local(ev.Flags.Origin(nowait)) && !ev.Local(ev.Flags.Origin(u)) {
				continue // reported where the flags are written
			}
			hits = append(hits, ev)
		}
		if len(hits) > 0 {
			reportCall(pass, pd, m, hits, nowait, u, always)
		}
	}
	return nil, nil
}

// reportCall reports one call; hits are its paths that combine the two
// flags (from each caller whose object brings FOLL_NOWAIT, for flags read
// from a struct member), the first one that always does explaining it.
func reportCall(pass *analysis.Pass, pd *analyzer.ProgramData, m *gupapi.Model, hits []*flagflow.Event, nowait, u uint64, always bool) {
	ev := hits[0]
	for _, h := range hits {
		if h.Flags.MustSet(nowait | u) {
			ev = h
			break
		}
	}
	call := ev.Chain[0]
	from := call.Pos.File
	entry := ev.Entry()
	oU := ev.Flags.Origin(u)
	var nowaits []*flagflow.Origin
	seen := map[cparse.Pos]bool{}
	for _, h := range hits {
		if o := h.Flags.Origin(nowait); o != nil && !seen[o.Pos] {
			seen[o.Pos] = true
			nowaits = append(nowaits, o)
		}
	}
	sort.SliceStable(nowaits, func(i, j int) bool { return nowaits[i].Pos.Less(nowaits[j].Pos) })
	verb := "may get"
	if always {
		verb = "gets"
	}
	var why string
	switch {
	case m.SyntheticUnlockable && oU != nil && oU.Kind == flagflow.LockedArg && !report.InModel(oU.Pos):
		why = fmt.Sprintf("the non-NULL locked at %s", report.Where(oU.Pos, from))
	case m.SyntheticUnlockable:
		why = fmt.Sprintf("the non-NULL locked %s passes on (%s)", definer(ev, oU), report.Where(oU.Pos, from))
	case oU != nil && oU.Kind == flagflow.LockedArg:
		why = fmt.Sprintf("FOLL_UNLOCKABLE comes from the non-NULL locked at %s and lets it drop mmap_lock", report.Where(oU.Pos, from))
	default:
		why = fmt.Sprintf("FOLL_UNLOCKABLE is added by %s (%s) and lets it drop mmap_lock", definer(ev, oU), report.Where(oU.Pos, from))
	}
	set := report.SetAtAll(nowaits, from)
	msg := fmt.Sprintf("%s %s FOLL_NOWAIT (%s) together with FOLL_UNLOCKABLE: FOLL_NOWAIT means never drop mmap_lock, %s; the pair runs as NOWAIT|KILLABLE but contradicts what the caller asked",
		entry, verb, set, why)
	if m.SyntheticUnlockable {
		msg = fmt.Sprintf("%s %s FOLL_NOWAIT (%s) together with %s: before 6.3 a non-NULL locked lets GUP drop mmap_lock, which FOLL_NOWAIT says never to do",
			entry, verb, set, why)
	}
	rel := report.NewRelated(pd)
	for _, o := range nowaits {
		for _, h := range hits {
			if h.Flags.Origin(nowait) == o {
				rel.AddOrigin(o, "FOLL_NOWAIT", h)
				break
			}
		}
	}
	if oU.Kind == flagflow.LockedArg {
		rel.Add(oU.Pos, "locked is non-NULL here, which makes the call FOLL_UNLOCKABLE")
	} else {
		rel.Add(oU.Pos, "FOLL_UNLOCKABLE is added here by "+definer(ev, oU))
	}
	rel.Chain(ev)
	d := analysis.Diagnostic{
		Pos:      pd.Pos(call.Pos),
		End:      pd.Pos(call.End),
		Category: "contract",
		Message:  msg,
		Related:  rel.List(),
	}
	if fix, ok := dropExplicitUnlockable(pass, pd, ev, oU); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	pass.Report(d)
}

// definer names the function whose code adds a flag.
func definer(ev *flagflow.Event, o *flagflow.Origin) string {
	if o == nil {
		return ev.Entry()
	}
	return o.Func.Name
}

// dropExplicitUnlockable offers to delete an explicit "| FOLL_UNLOCKABLE"
// written by the caller itself (code inside mm/ can name the flag).
func dropExplicitUnlockable(pass *analysis.Pass, pd *analyzer.ProgramData, ev *flagflow.Event, o *flagflow.Origin) (analysis.SuggestedFix, bool) {
	if o == nil || !ev.Local(o) || o.Kind != flagflow.Written || o.Text != "FOLL_UNLOCKABLE" {
		return analysis.SuggestedFix{}, false
	}
	b, err := pd.Tree.ReadFile(o.Pos.File)
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	lines := strings.SplitAfter(string(b), "\n")
	if int(o.Pos.Line) > len(lines) {
		return analysis.SuggestedFix{}, false
	}
	line := lines[o.Pos.Line-1]
	c := int(o.Pos.Col) - 1
	if c < 0 || !strings.HasPrefix(line[c:], "FOLL_UNLOCKABLE") {
		return analysis.SuggestedFix{}, false
	}
	i := c - 1
	for i >= 0 && (line[i] == ' ' || line[i] == '\t') {
		i--
	}
	if i < 0 || line[i] != '|' {
		return analysis.SuggestedFix{}, false
	}
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	start := o.Pos
	start.Col = int32(i + 1)
	end := o.Pos
	end.Col = int32(c + len("FOLL_UNLOCKABLE") + 1)
	return analysis.SuggestedFix{
		Message:   "drop FOLL_UNLOCKABLE: the caller asked for FOLL_NOWAIT",
		TextEdits: []analysis.TextEdit{{Pos: pd.Pos(start), End: pd.Pos(end), NewText: nil}},
	}, true
}
