// Package wire is the binary form gupvet's own codecs share — cparse's
// units (the parse workers' output and the cache), flagflow's summaries
// (the memo of the program-wide analyses): varints, booleans as a byte,
// and every string written once, in a table before the body, so that a
// position's file costs an index wherever it recurs.
//
//	magic
//	the table: the number of strings, then each one's length and bytes
//	the body: what the codec wrote, strings as table indices
//
// A Decoder stops at the first error: every read after it returns a zero
// value, and Err reports it. A length is checked against what is left
// before anything is allocated for it, so damaged input is an error, not
// an allocation or a panic.
package wire

import "encoding/binary"
import "errors"
import "fmt"
import "math"

// Encoder writes a body and its string table.
type Encoder struct {
	b    []byte
	strs map[string]uint64
	list []string
}

// Str writes s as its index in the table.
func (e *Encoder) Str(s string) {
	i, ok := e.strs[s]
	if !ok {
		if e.strs == nil {
			e.strs = map[string]uint64{}
		}
		i = uint64(len(e.list))
		e.strs[s] = i
		e.list = append(e.list, s)
	}
	e.b = binary.AppendUvarint(e.b, i)
}

// Uint writes an unsigned number, Int a signed one, N a length.
func (e *Encoder) Uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *Encoder) Int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *Encoder) N(v int)       { e.b = binary.AppendUvarint(e.b, uint64(v)) }

// Byte writes a byte (a tag).
func (e *Encoder) Byte(t byte) { e.b = append(e.b, t) }

// Has writes whether an optional part follows and returns it, for
// `if e.Has(p != nil) { ... }`; the reader's side is Bool.
func (e *Encoder) Has(present bool) bool {
	e.Bool(present)
	return present
}

func (e *Encoder) Bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// NilN writes the length of a slice or map that may be nil, so that nil
// and empty read back apart (OptN).
func (e *Encoder) NilN(n int, isNil bool) {
	if isNil {
		e.N(0)
		return
	}
	e.N(n + 1)
}

// Bytes returns magic, the table and the body.
func (e *Encoder) Bytes(magic string) []byte {
	size := len(magic) + len(e.b) + 8
	for _, s := range e.list {
		size += len(s) + 2
	}
	out := make([]byte, 0, size)
	out = append(out, magic...)
	out = binary.AppendUvarint(out, uint64(len(e.list)))
	for _, s := range e.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, e.b...)
}

// ErrFormat: the input does not start with the codec's magic (another
// version's, or not one of its messages).
var ErrFormat = errors.New("not in this version's format")

// Decoder reads what an Encoder wrote.
type Decoder struct {
	b    []byte
	strs []string
	err  error
}

// NewDecoder reads magic and the table of b; Err says if they were not
// there.
func NewDecoder(b []byte, magic string) *Decoder {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return &Decoder{err: ErrFormat}
	}
	d := &Decoder{b: b[len(magic):]}
	n := d.Count(1)
	// the table's bytes become one string, which every string read is a
	// part of: one allocation for them all
	offs := make([]int, 0, 2*n)
	rest := d.b
	for i := 0; i < n && d.err == nil; i++ {
		l := d.Count(1)
		start := len(rest) - len(d.b)
		offs = append(offs, start, start+l)
		d.b = d.b[l:]
	}
	if d.err == nil {
		table := string(rest[:len(rest)-len(d.b)])
		d.strs = make([]string, n)
		for i := range d.strs {
			d.strs[i] = table[offs[2*i]:offs[2*i+1]]
		}
	}
	return d
}

// Fail stops the decoder with an error (the first one stays).
func (d *Decoder) Fail(what string) {
	if d.err == nil {
		d.err = errors.New(what)
	}
	d.b = nil
}

// Err is the first error met, or one for bytes left over when end is set.
func (d *Decoder) Err(end bool) error {
	if d.err == nil && end && len(d.b) != 0 {
		return fmt.Errorf("%d bytes after the end", len(d.b))
	}
	return d.err
}

// Failed reports whether an error stopped the decoder.
func (d *Decoder) Failed() bool { return d.err != nil }

func (d *Decoder) Uint() uint64 {
	v, k := binary.Uvarint(d.b)
	if !d.skip(k) {
		return 0
	}
	return v
}

func (d *Decoder) Int() int64 {
	v, k := binary.Varint(d.b)
	if !d.skip(k) {
		return 0
	}
	return v
}

// skip moves past a number of k bytes (k <= 0: binary's "not a number").
func (d *Decoder) skip(k int) bool {
	if k <= 0 {
		d.Fail("bad number")
		return false
	}
	d.b = d.b[k:]
	return true
}

func (d *Decoder) Int32() int32 {
	v := d.Int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.Fail("number out of range")
		return 0
	}
	return int32(v)
}

// Count reads a length whose elements take at least min bytes each: a
// length the rest cannot hold is an error, not an allocation.
func (d *Decoder) Count(min int) int {
	v := d.Uint()
	if v > uint64(len(d.b)/max(min, 1)) {
		d.Fail("length past the end")
		return 0
	}
	return int(v)
}

// OptN reads what NilN wrote: -1 for nil.
func (d *Decoder) OptN(min int) int {
	v := d.Uint()
	if v == 0 {
		return -1
	}
	if v-1 > uint64(len(d.b)/max(min, 1)) {
		d.Fail("length past the end")
		return -1
	}
	return int(v - 1)
}

func (d *Decoder) Byte() byte {
	if len(d.b) == 0 {
		d.Fail("cut short")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *Decoder) Bool() bool {
	switch d.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.Fail("bad boolean")
	return false
}

func (d *Decoder) Str() string {
	i := d.Uint()
	if i >= uint64(len(d.strs)) {
		d.Fail("string index out of range")
		return ""
	}
	return d.strs[i]
}

// Raw reads n bytes as they are (a hash).
func (d *Decoder) Raw(n int) []byte {
	if len(d.b) < n {
		d.Fail("cut short")
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

// Raw writes bytes as they are (Decoder.Raw reads them back).
func (e *Encoder) Raw(b []byte) { e.b = append(e.b, b...) }

// List reads n elements with elem, n a Count whose elements take at least
// min bytes each; none is nil.
func List[T any](d *Decoder, min int, elem func() T) []T {
	return Fill(d, min, func(x *T) { *x = elem() })
}

// Fill is List for an elem that fills each element in place (a pointer
// into the new slice: no element of its own to allocate).
func Fill[T any](d *Decoder, min int, elem func(*T)) []T {
	n := d.Count(min)
	if n == 0 {
		return nil
	}
	xs := make([]T, n)
	for i := range xs {
		elem(&xs[i])
	}
	return xs
}

// OptList reads the elements of a slice NilN wrote, nil and empty apart,
// with elem, stopping at the first error.
func OptList[T any](d *Decoder, min int, elem func() T) []T {
	n := d.OptN(min)
	if n < 0 {
		return nil
	}
	xs := make([]T, 0, n)
	for i := 0; i < n && !d.Failed(); i++ {
		xs = append(xs, elem())
	}
	return xs
}
