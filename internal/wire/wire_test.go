package wire

import "bytes"
import "testing"

func TestRoundTrip(t *testing.T) {
	var e Encoder
	e.Str("mm/gup.c")
	e.Int(-5)
	e.Uint(1 << 40)
	e.Str("mm/gup.c") // the table holds it once
	e.Bool(true)
	e.Byte(7)
	e.NilN(0, true)
	e.NilN(0, false)
	e.N(2)
	e.Raw([]byte{1, 2, 3})
	b := e.Bytes("m1\n")
	if n := bytes.Count(b, []byte("mm/gup.c")); n != 1 {
		t.Fatalf("the string is written %d times", n)
	}
	d := NewDecoder(b, "m1\n")
	if s, i, u, s2, bo, by, n1, n2, n3, r := d.Str(), d.Int(), d.Uint(), d.Str(), d.Bool(), d.Byte(), d.OptN(1), d.OptN(1), d.Count(0), d.Raw(3); s != "mm/gup.c" || i != -5 || u != 1<<40 || s2 != s || !bo || by != 7 || n1 != -1 || n2 != 0 || n3 != 2 || !bytes.Equal(r, []byte{1, 2, 3}) {
		t.Fatalf("read back %q %d %d %q %v %d %d %d %d %v", s, i, u, s2, bo, by, n1, n2, n3, r)
	}
	if err := d.Err(true); err != nil {
		t.Fatal(err)
	}
}

// Damaged input is an error, never a panic or an allocation it names.
func TestDamaged(t *testing.T) {
	if d := NewDecoder([]byte("other\n"), "m1\n"); d.Err(false) != ErrFormat {
		t.Fatalf("foreign magic: %v", d.Err(false))
	}
	var e Encoder
	e.Str("x")
	e.N(3)
	b := e.Bytes("m1\n")
	for n := len("m1\n"); n < len(b); n++ {
		d := NewDecoder(b[:n], "m1\n")
		d.Str()
		d.Count(1)
		if d.Err(true) == nil {
			t.Fatalf("a prefix of %d of %d bytes reads", n, len(b))
		}
	}
	d := NewDecoder(append([]byte("m1\n\x00"), 0xff, 0xff, 0xff, 0x7f), "m1\n")
	if d.Count(1); !d.Failed() {
		t.Fatal("a length past the end was accepted")
	}
	d = NewDecoder(append(b, 9), "m1\n")
	d.Str()
	d.Uint()
	if d.Err(true) == nil {
		t.Fatal("a byte left over is not reported")
	}
	if d.Err(false) != nil {
		t.Fatal("Err(false) counts what is left")
	}
}

// List and OptList read what N and NilN wrote: nil for none (OptList: nil
// and empty apart), each element in order; a length the rest cannot hold
// fails without reading on.
func TestLists(t *testing.T) {
	var e Encoder
	e.N(0)
	e.N(2)
	e.Str("a")
	e.Str("b")
	e.NilN(0, true)
	e.NilN(0, false)
	e.NilN(2, false)
	e.Uint(1)
	e.Uint(2)
	e.N(1000)
	d := NewDecoder(e.Bytes("m\n"), "m\n")
	none, two := List(d, 1, d.Str), List(d, 1, d.Str)
	nilList, empty, nums := OptList(d, 1, d.Uint), OptList(d, 1, d.Uint), OptList(d, 1, d.Uint)
	if none != nil || len(two) != 2 || two[0] != "a" || two[1] != "b" || nilList != nil || empty == nil || len(empty) != 0 || len(nums) != 2 || nums[0] != 1 || nums[1] != 2 {
		t.Fatalf("read back %v %v %v %v %v", none, two, nilList, empty, nums)
	}
	if long := OptList(d, 1, d.Uint); long != nil || !d.Failed() {
		t.Errorf("a length past the end: %v, failed %v", long, d.Failed())
	}
}

// Has writes what Bool reads and returns what it wrote.
func TestHas(t *testing.T) {
	var e Encoder
	if !e.Has(true) || e.Has(false) {
		t.Fatal("Has returned other than its argument")
	}
	d := NewDecoder(e.Bytes("m1\n"), "m1\n")
	if a, b := d.Bool(), d.Bool(); !a || b {
		t.Fatalf("read back %v %v, want true false", a, b)
	}
	if err := d.Err(true); err != nil {
		t.Fatal(err)
	}
}
