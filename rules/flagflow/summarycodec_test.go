package flagflow

import "math/rand"
import "os"
import "path/filepath"
import "reflect"
import "testing"
import "unsafe"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/gupapi"

// fixtureC are the globs of real C the tests read: the demo tree's and
// the rule fixtures'.
var fixtureC = []string{"../../testdata/demo/*/*.c", "../../testdata/demo/*/*/*.c", "../*/testdata/src/*/*.c", "../*/testdata/src/*/*/*.c"}

// demoModel opens the demo tree and loads its GUP API model.
func demoModel(t testing.TB) (*cparse.Tree, *gupapi.Model) {
	t.Helper()
	tree, err := cparse.NewTree("../../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	model, err := gupapi.Load(tree)
	if err != nil {
		t.Fatal(err)
	}
	return tree, model
}

// filler sets every field of a value, exported or not, to random content
// (nil or empty now and then, nested a few levels): a field the codec
// forgets comes back zero, and the round trip fails.
type filler struct {
	r     *rand.Rand
	sinks []*gupapi.Sink
}

func (f *filler) fill(v reflect.Value, depth int) {
	if v.Type() == reflect.TypeOf((*gupapi.Sink)(nil)) {
		v.Set(reflect.ValueOf(f.sinks[f.r.Intn(len(f.sinks))]))
		return
	}
	if v.Type() == reflect.TypeOf((*FuncDef)(nil)) {
		return // the reader's: decodeSummary takes it
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(f.r.Intn(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.r.Int63n(1<<20) - 1<<19)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.r.Uint64() >> (f.r.Intn(4) * 16) & (1<<(8*v.Type().Size()) - 1 | (1 << 63)))
	case reflect.String:
		v.SetString([]string{"", "FOLL_NOWAIT", "mm/gup.c", "kvm_follow_pfn.flags", "x"}[f.r.Intn(5)])
	case reflect.Pointer:
		// a summary's calls and events are never nil
		always := v.Type() == reflect.TypeOf((*CallRecord)(nil)) || v.Type() == reflect.TypeOf((*SinkEvent)(nil))
		if !always && (depth > 3 || f.r.Intn(3) == 0) {
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if depth > 3 || f.r.Intn(4) == 0 {
			return // nil
		}
		n := f.r.Intn(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth > 3 || f.r.Intn(4) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := f.r.Intn(3); i > 0; i-- {
			k := reflect.New(v.Type().Key()).Elem()
			f.fill(k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fv := v.Field(i)
			if !fv.CanSet() {
				fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
			}
			f.fill(fv, depth)
		}
	default:
		panic("filler: no case for " + v.Type().String())
	}
}

func testSinks() []*gupapi.Sink {
	var out []*gupapi.Sink
	for _, ss := range gupapi.Sinks {
		out = append(out, ss...)
	}
	return out
}

func TestSummaryCodecRandom(t *testing.T) {
	f := &filler{r: rand.New(rand.NewSource(1)), sinks: testSinks()}
	fn := &FuncDef{Key: FuncKey{Name: "f"}}
	for i := 0; i < 300; i++ {
		var s Summary
		f.fill(reflect.ValueOf(&s).Elem(), 0)
		s.Fn = fn
		b, err := encodeSummary(&s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeSummary(b, fn)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !reflect.DeepEqual(&s, got) {
			t.Fatalf("case %d: round trip differs:\n%#v\n%#v", i, s, *got)
		}
		// equal values, equal bytes: the memo hashes field facts so
		b2, _ := encodeSummary(got)
		if string(b) != string(b2) {
			t.Fatalf("case %d: encoding the decoded summary gives other bytes", i)
		}
		// a damaged entry is refused, never half read, never a panic
		for _, n := range []int{0, len(b) / 2, len(b) - 1} {
			if n < len(b) {
				if _, err := decodeSummary(b[:n], fn); err == nil {
					t.Fatalf("case %d: a prefix of %d of %d bytes decodes", i, n, len(b))
				}
			}
		}
		for j := 0; j < 8; j++ {
			d := append([]byte(nil), b...)
			d[f.r.Intn(len(d))] ^= byte(1 + f.r.Intn(255))
			decodeSummary(d, fn)
		}
	}
}

// The summaries of real code (the rule fixtures and the demo tree) come
// back as they were made.
func TestSummaryCodecParsed(t *testing.T) {
	_, model := demoModel(t)
	opt := analyzer.NeedsOf([]*analysis.Analyzer{Analyzer}).Options(cparse.Tolerant, false)
	var units []*cparse.Unit
	for _, glob := range fixtureC {
		ms, _ := filepath.Glob(glob)
		for _, m := range ms {
			src, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			u, err := cparse.ParseText(m, src, opt)
			if err == nil {
				units = append(units, u)
			}
		}
	}
	p, err := BuildWith(model, units)
	if err != nil {
		t.Fatal(err)
	}
	n, events := 0, 0
	for _, u := range units {
		for _, fd := range p.Funcs(u.Path) {
			s, _ := summarize(fd, model, p.fields)
			b, err := encodeSummary(s)
			if err != nil {
				t.Fatalf("%s: %v", fd.Key, err)
			}
			got, err := decodeSummary(b, fd)
			if err != nil || !reflect.DeepEqual(s, got) {
				t.Fatalf("%s: round trip differs (%v)", fd.Key, err)
			}
			n++
			events += len(s.Events)
		}
	}
	if n < 50 || events < 20 {
		t.Fatalf("%d functions, %d sink events: the fixtures were not read", n, events)
	}
}

// The model's digest covers every field of the model: a new field must be
// added to Digest (and here).
func TestModelDigestFields(t *testing.T) {
	var names []string
	for i, typ := 0, reflect.TypeOf(gupapi.Model{}); i < typ.NumField(); i++ {
		names = append(names, typ.Field(i).Name)
	}
	want := []string{"Version", "Flags", "Internal", "Sources", "Unlockable", "SyntheticUnlockable", "byBit", "foreign"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("gupapi.Model has fields %v; Digest hashes %v", names, want)
	}
	tree, err := cparse.NewTree("../../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := gupapi.Load(tree)
	b, _ := gupapi.Load(tree)
	if a.Digest() != b.Digest() {
		t.Fatal("two loads of one tree digest differently")
	}
	b.Flags["FOLL_NOWAIT"].Value <<= 1
	if a.Digest() == b.Digest() {
		t.Fatal("a flag's value is not in the digest")
	}
}
