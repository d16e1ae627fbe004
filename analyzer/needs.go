package analyzer

import "sort"
import "sync"

import "golang.org/x/tools/go/analysis"

import "gupvet/cparse"

// Needs are what an analyzer needs the driver to read, declared by the
// analyzer's package (Declare): the driver itself knows no word of any
// API. A run reads what its analyzers, and those they require, need.
type Needs struct {
	// Words are identifiers that make a .c file worth parsing (the
	// prefilter) and a function worth keeping (tolerant mode's slicing,
	// precise mode's header bodies).
	Words []string
	// Prefixes are identifier prefixes that count as Words ("FOLL_").
	Prefixes []string
	// Keep are identifiers that keep a function that names one in
	// tolerant mode's slicing of a file the Words chose, without making
	// a file worth parsing or its callers worth keeping: words too
	// common for the prefilter (put_page), whose callers matter only
	// next to the GUP API.
	Keep []string
	// Context are tree-relative files parsed, when the tree has them,
	// for the facts their functions give (an API's own implementation).
	Context []string
	// Escalate, when set, says why a tolerant read of a unit (whose
	// text is src) may have missed what the analyzer needs — so that a
	// run with a configured tree reads it again fully preprocessed — or
	// "" when it did not.
	Escalate func(u *cparse.Unit, src []byte) string
	// Prepare, when set, starts the analyzer's work over the whole
	// program (what it keeps through ProgramData.Shared) as soon as the
	// units are read, concurrently with the other analyzers' (Run waits
	// for it): a program-wide analysis that per-unit passes would only
	// begin after those of the analyzers they require finished.
	Prepare func(*ProgramData)
}

var (
	needsMu sync.Mutex
	needs   = map[*analysis.Analyzer]Needs{}
)

// Declare records what a needs, in addition to what it declared before;
// an analyzer package calls it in an init function (a test may add words
// of its own fixtures).
func Declare(a *analysis.Analyzer, n Needs) {
	needsMu.Lock()
	defer needsMu.Unlock()
	old := needs[a]
	esc, prep := old.Escalate, old.Prepare
	if n.Escalate != nil {
		esc = n.Escalate
	}
	if n.Prepare != nil {
		prep = n.Prepare
	}
	needs[a] = Needs{
		Words:    append(old.Words, n.Words...),
		Prefixes: append(old.Prefixes, n.Prefixes...),
		Keep:     append(old.Keep, n.Keep...),
		Context:  append(old.Context, n.Context...),
		Escalate: esc,
		Prepare:  prep,
	}
}

// NeedsOf is the union of what the analyzers, and those they require,
// declared, each list sorted and without repeats.
func NeedsOf(as []*analysis.Analyzer) Needs {
	needsMu.Lock()
	defer needsMu.Unlock()
	words, prefixes, context, keep := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var escalate []func(*cparse.Unit, []byte) string
	var prepare []func(*ProgramData)
	for _, a := range Closure(as) {
		n := needs[a]
		for _, w := range n.Words {
			words[w] = true
		}
		for _, p := range n.Prefixes {
			prefixes[p] = true
		}
		for _, c := range n.Context {
			context[c] = true
		}
		for _, k := range n.Keep {
			keep[k] = true
		}
		if n.Escalate != nil {
			escalate = append(escalate, n.Escalate)
		}
		if n.Prepare != nil {
			prepare = append(prepare, n.Prepare)
		}
	}
	out := Needs{Words: sorted(words), Prefixes: sorted(prefixes), Context: sorted(context), Keep: sorted(keep)}
	if len(prepare) > 0 {
		out.Prepare = func(pd *ProgramData) {
			var wg sync.WaitGroup
			for _, f := range prepare {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { recover() }() // the passes report it (Shared)
					f(pd)
				}()
			}
			wg.Wait()
		}
	}
	if len(escalate) > 0 {
		out.Escalate = func(u *cparse.Unit, src []byte) string {
			for _, e := range escalate {
				if why := e(u, src); why != "" {
					return why
				}
			}
			return ""
		}
	}
	return out
}

// distinct returns xs without repeats, in order, and the set of them.
func distinct[T comparable](xs []T) ([]T, map[T]bool) {
	var out []T
	set := map[T]bool{}
	for _, x := range xs {
		if !set[x] {
			set[x] = true
			out = append(out, x)
		}
	}
	return out, set
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Options are the parse options a run of analyzers with these needs uses.
func (n Needs) Options(mode cparse.Mode, whole bool) cparse.Options {
	v := make(map[string]bool, len(n.Words))
	for _, w := range n.Words {
		v[w] = true
	}
	var keep map[string]bool
	if len(n.Keep) > 0 {
		keep = make(map[string]bool, len(n.Keep))
		for _, k := range n.Keep {
			keep[k] = true
		}
	}
	return cparse.Options{Mode: mode, Vocab: v, VocabPrefixes: n.Prefixes, Whole: whole, Keep: keep}
}

// Prefilter is the prefilter of files for these needs.
func (n Needs) Prefilter(cache *Cache) *Prefilter {
	return &Prefilter{Words: n.Words, Prefixes: n.Prefixes, Cache: cache}
}

// ContextIn returns the context files the tree has, except those in skip.
func (n Needs) ContextIn(t *cparse.Tree, skip map[string]bool) []string {
	var out []string
	for _, c := range n.Context {
		if skip[c] {
			continue
		}
		if _, err := t.ReadFile(c); err == nil {
			out = append(out, c)
		}
	}
	return out
}
