package cparse

import "bytes"
import "encoding/gob"
import "math/rand"
import "os"
import "path/filepath"
import "reflect"
import "strings"
import "testing"

// nodeTypes are every concrete Expr and Stmt: the generator below picks
// among them for an interface field.
var (
	exprTypes = []Expr{&Ident{}, &IntLit{}, &StrLit{}, &Unary{}, &Binary{}, &Assign{}, &Cond{}, &Call{},
		&Member{}, &Index{}, &Cast{}, &StmtExpr{}, &CompLit{}, &Opaque{}}
	stmtTypes = []Stmt{&Block{}, &ExprStmt{}, &Decl{}, &If{}, &Switch{}, &Case{}, &Label{}, &Loop{},
		&Return{}, &Goto{}, &Break{}, &Continue{}, &Other{}}
	exprType = reflect.TypeOf((*Expr)(nil)).Elem()
	stmtType = reflect.TypeOf((*Stmt)(nil)).Elem()
)

// fill sets every exported field of v, through reflection, to random
// values: a field the codec forgets (one added to the tree later) comes
// back zero and the round trip differs. Empty lists and maps are left
// nil, as gob and the codec both decode them.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{"", "a", "mm/gup.c", "FOLL_WRITE", "élan", strings.Repeat("x", 300)}[r.Intn(6)])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 1)
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt([]int64{0, 1, -1, 1 << 30, -(1 << 31)}[r.Intn(5)])
	case reflect.Uint64:
		v.SetUint([]uint64{0, 1, 1 << 63, ^uint64(0)}[r.Intn(4)])
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth)
			}
		}
	case reflect.Pointer:
		if depth <= 0 || r.Intn(4) == 0 {
			return // nil
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), depth-1)
		v.Set(p)
	case reflect.Interface:
		if depth <= 0 || r.Intn(5) == 0 {
			return
		}
		var pick any
		switch v.Type() {
		case exprType:
			pick = exprTypes[r.Intn(len(exprTypes))]
		case stmtType:
			pick = stmtTypes[r.Intn(len(stmtTypes))]
		default:
			panic("unexpected interface " + v.Type().String())
		}
		p := reflect.New(reflect.TypeOf(pick).Elem())
		fill(r, p.Elem(), depth-1)
		v.Set(p)
	case reflect.Slice:
		n := r.Intn(4)
		if depth <= 0 || n == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), depth-1)
		}
		v.Set(s)
	case reflect.Map:
		n := r.Intn(3)
		if n == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i < n; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			fill(r, k, depth)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(r, e, depth-1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("fill: unexpected kind " + v.Kind().String())
	}
}

func roundTrip(t *testing.T, u *Unit) *Unit {
	t.Helper()
	b, err := u.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Unit
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatalf("decoding what was encoded: %v", err)
	}
	return &got
}

func TestUnitCodecRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		var u Unit
		fill(r, reflect.ValueOf(&u).Elem(), 6)
		if got := roundTrip(t, &u); !reflect.DeepEqual(got, &u) {
			t.Fatalf("round trip %d differs:\n got %#v\nwant %#v", i, got, &u)
		}
	}
}

// Units of real C, through gob as the cache and the workers send them
// (Unit is a BinaryMarshaler inside a gob stream): the same unit back,
// and the same as gob's own reflection gave before the codec.
func TestUnitCodecParsed(t *testing.T) {
	units := fixtureUnits(t)
	if len(units) < 5 {
		t.Fatalf("only %d fixture files", len(units))
	}
	funcs := 0
	for _, u := range units {
		f := u.Path
		funcs += len(u.Funcs)
		var buf bytes.Buffer
		type entry struct{ Unit *Unit }
		if err := gob.NewEncoder(&buf).Encode(&entry{u}); err != nil {
			t.Fatal(err)
		}
		var e entry
		if err := gob.NewDecoder(&buf).Decode(&e); err != nil {
			t.Fatal(err)
		}
		want := *u
		want.panicked, want.nested = false, false // not exported: not sent
		if !reflect.DeepEqual(e.Unit, &want) {
			t.Errorf("%s: through gob, the unit differs", f)
		}
	}
	if funcs == 0 {
		t.Fatal("the fixtures gave no function: nothing was compared")
	}
}

func TestUnitCodecDamaged(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	var u Unit
	for len(u.Funcs) == 0 {
		fill(r, reflect.ValueOf(&u).Elem(), 6)
	}
	b, _ := u.MarshalBinary()
	for n := 0; n < len(b); n++ {
		var v Unit
		v.Path = "kept"
		if err := v.UnmarshalBinary(b[:n]); err == nil {
			t.Fatalf("a prefix of %d of %d bytes decoded", n, len(b))
		}
		if v.Path != "kept" {
			t.Fatal("a failed decode changed the unit")
		}
	}
	if err := new(Unit).UnmarshalBinary(append(append([]byte{}, b...), 0)); err == nil {
		t.Error("a byte past the end was accepted")
	}
	for i := 0; i < 2000; i++ {
		c := append([]byte{}, b...)
		c[len(unitMagic)+r.Intn(len(c)-len(unitMagic))] ^= byte(1 + r.Intn(255))
		new(Unit).UnmarshalBinary(c) // an error or another unit; never a panic
	}
}

func FuzzUnitCodec(f *testing.F) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 5; i++ {
		var u Unit
		fill(r, reflect.ValueOf(&u).Elem(), 4)
		b, _ := u.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var u Unit
		if u.UnmarshalBinary(b) != nil {
			return
		}
		// what decodes encodes to what decodes the same
		if got := roundTrip(t, &u); !reflect.DeepEqual(got, &u) {
			t.Fatalf("re-encoding changed the unit")
		}
	})
}

// fixtureUnits parses the tolerant and gaps fixtures, tolerant mode.
func fixtureUnits(tb testing.TB) []*Unit {
	var units []*Unit
	for _, dir := range []string{"testdata/tolerant", "testdata/gaps"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.c"))
		for _, f := range m {
			src, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			u, err := ParseText(f, src, Options{Mode: Tolerant})
			if err != nil {
				tb.Fatal(err)
			}
			units = append(units, u)
		}
	}
	return units
}

// BenchmarkUnitCodec encodes and decodes the units of the tolerant and
// gaps fixtures (a warm run decodes every unit of the tree from the
// cache; a cold run encodes each twice: worker to driver, driver to
// cache).
func BenchmarkUnitCodec(b *testing.B) {
	units := fixtureUnits(b)
	b.ResetTimer()
	for range b.N {
		for _, u := range units {
			enc, err := u.MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			var got Unit
			if err := got.UnmarshalBinary(enc); err != nil {
				b.Fatal(err)
			}
		}
	}
}
