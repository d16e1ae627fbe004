package flagflow

import "errors"
import "maps"
import "slices"

import "gupvet/cparse"
import "gupvet/internal/wire"
import "gupvet/rules/gupapi"

// The serial form of a Summary, for the memo (summarymemo.go), in
// internal/wire's form (varints, a string table): a length + 1 for each
// slice and map so that nil and empty stay apart, maps in key order so
// that equal values encode to equal bytes (the memo hashes the field facts
// a summary read this way). Origins shared by several values come back as
// copies: the flow compares them by content.

// summaryMagic begins an encoded summary or memo entry.
const summaryMagic = "flagflow-summary-1\n"

type enc struct{ wire.Encoder }

func (e *enc) pos(p cparse.Pos) { p.Encode(&e.Encoder) }

func (e *enc) key(k FuncKey) { e.Str(k.Scope); e.Str(k.Name) }

func (e *enc) input(i Input) { e.Int(int64(i.param)); e.Str(i.Path) }

func (e *enc) hop(h Hop) { e.Str(h.Member); e.pos(h.Store); e.pos(h.Read); e.key(h.Func) }

func (e *enc) hops(hs []Hop) {
	e.NilN(len(hs), hs == nil)
	for _, h := range hs {
		e.hop(h)
	}
}

func (e *enc) origin(o *Origin) {
	if !e.Has(o != nil) {
		return
	}
	e.pos(o.Pos)
	e.key(o.Func)
	e.Uint(uint64(o.Kind))
	e.Str(o.Text)
	e.input(o.NonNull)
	e.hops(o.Via)
}

// errTooDeep: a value nested past maxCodecDepth (none in the trees) is
// not kept.
var errTooDeep = errors.New("value nested too deep to keep")

const maxCodecDepth = 64

func (e *enc) val(v *Val, depth int) error {
	if depth > maxCodecDepth {
		return errTooDeep
	}
	e.Uint(v.Must)
	e.Uint(v.May)
	e.Uint(v.Unk)
	e.input(v.Sym)
	e.Uint(v.PMask)
	e.hops(v.SymVia)
	if e.Has(v.SymRead != nil) {
		e.hop(*v.SymRead)
	}
	e.Uint(uint64(v.Nul))
	e.input(v.NSym)
	e.Str(v.AddrOf)
	e.NilN(len(v.Origins), v.Origins == nil)
	for _, k := range slices.Sorted(maps.Keys(v.Origins)) {
		e.Uint(k)
		e.origin(v.Origins[k])
	}
	e.origin(v.NullAt)
	e.origin(v.NonNullAt)
	if e.Has(v.Pointee != nil) {
		if err := e.val(v.Pointee, depth+1); err != nil {
			return err
		}
	}
	if ob := v.Obj; e.Has(ob != nil) {
		e.NilN(len(ob.Members), ob.Members == nil)
		for _, m := range slices.Sorted(maps.Keys(ob.Members)) {
			e.Str(m)
			mv := ob.Members[m]
			if err := e.val(&mv, depth+1); err != nil {
				return err
			}
		}
		e.Bool(ob.Whole)
		e.pos(ob.At)
	}
	e.pos(v.At)
	e.Bool(v.Open)
	if e.Has(v.names != nil) {
		e.NilN(len(v.names.list), v.names.list == nil)
		for _, o := range v.names.list {
			e.origin(o)
		}
	}
	return nil
}

func (e *enc) vals(vs []Val) error {
	e.NilN(len(vs), vs == nil)
	for i := range vs {
		if err := e.val(&vs[i], 0); err != nil {
			return err
		}
	}
	return nil
}

func (e *enc) assume(as []assumption) {
	e.NilN(len(as), as == nil)
	for _, a := range as {
		e.input(a.In)
		e.Uint(a.Bit)
		e.Bool(a.Set)
	}
}

// sinkIndex names a sink by its place in gupapi.Sinks.
func sinkIndex(s *gupapi.Sink) (int, bool) {
	if s == nil {
		return 0, false
	}
	i := slices.Index(gupapi.Sinks[s.Name], s)
	return i, i >= 0
}

var errUnknownSink = errors.New("sink not in the table")

// encodeSummary encodes s (whose Fn the reader supplies) alone.
func encodeSummary(s *Summary) ([]byte, error) {
	e := &enc{}
	if err := e.summary(s); err != nil {
		return nil, err
	}
	return e.Bytes(summaryMagic), nil
}

// summary writes s but its Fn.
func (e *enc) summary(s *Summary) error {
	e.NilN(len(s.Calls), s.Calls == nil)
	for _, c := range s.Calls {
		e.Str(c.Callee)
		e.pos(c.Pos)
		e.pos(c.End)
		if err := e.vals(c.Args); err != nil {
			return err
		}
		e.assume(c.Assume)
	}
	e.NilN(len(s.Events), s.Events == nil)
	for _, ev := range s.Events {
		i, ok := sinkIndex(ev.Sink)
		if !ok {
			return errUnknownSink
		}
		e.Str(ev.Sink.Name)
		e.Uint(uint64(i))
		e.pos(ev.Pos)
		e.pos(ev.End)
		for _, v := range []*Val{&ev.Flags, &ev.Passed, &ev.ToSet, &ev.Locked, &ev.Pages} {
			if err := e.val(v, 0); err != nil {
				return err
			}
		}
		e.assume(ev.Assume)
	}
	return e.vals(s.Returns)
}

// encodeVal writes one value: the field facts' form for the memo's hash.
func encodeVal(v Val) ([]byte, error) {
	e := &enc{}
	err := e.val(&v, 0)
	return e.Bytes(summaryMagic), err
}

type dec struct{ *wire.Decoder }

func (d *dec) pos() cparse.Pos { return cparse.DecodePos(d.Decoder) }

func (d *dec) key() FuncKey { return FuncKey{Scope: d.Str(), Name: d.Str()} }

func (d *dec) input() Input { return Input{param: int(d.Int()), Path: d.Str()} }

func (d *dec) hop() Hop {
	return Hop{Member: d.Str(), Store: d.pos(), Read: d.pos(), Func: d.key()}
}

func (d *dec) hops() []Hop {
	return wire.OptList(d.Decoder, 1, d.hop)
}

func (d *dec) origin() *Origin {
	if !d.Bool() {
		return nil
	}
	return &Origin{Pos: d.pos(), Func: d.key(), Kind: OriginKind(d.Uint()), Text: d.Str(), NonNull: d.input(), Via: d.hops()}
}

func (d *dec) val(depth int) Val {
	var v Val
	if depth > maxCodecDepth {
		d.Fail("damaged summary")
		return v
	}
	v.Must, v.May, v.Unk = d.Uint(), d.Uint(), d.Uint()
	v.Sym = d.input()
	v.PMask = d.Uint()
	v.SymVia = d.hops()
	if d.Bool() {
		h := d.hop()
		v.SymRead = &h
	}
	v.Nul = Null(d.Uint())
	v.NSym = d.input()
	v.AddrOf = d.Str()
	if n := d.OptN(1); n >= 0 {
		v.Origins = make(map[uint64]*Origin, n)
		for i := 0; i < n && !d.Failed(); i++ {
			k := d.Uint()
			v.Origins[k] = d.origin()
		}
	}
	v.NullAt = d.origin()
	v.NonNullAt = d.origin()
	if d.Bool() {
		p := d.val(depth + 1)
		v.Pointee = &p
	}
	if d.Bool() {
		ob := &Object{}
		if n := d.OptN(1); n >= 0 {
			ob.Members = make(map[string]Val, n)
			for i := 0; i < n && !d.Failed(); i++ {
				m := d.Str()
				ob.Members[m] = d.val(depth + 1)
			}
		}
		ob.Whole = d.Bool()
		ob.At = d.pos()
		v.Obj = ob
	}
	v.At = d.pos()
	v.Open = d.Bool()
	if d.Bool() {
		ns := &nameSet{}
		ns.list = wire.OptList(d.Decoder, 1, d.origin)
		v.names = ns
	}
	return v
}

func (d *dec) vals() []Val {
	return wire.OptList(d.Decoder, 1, func() Val { return d.val(0) })
}

func (d *dec) assume() []assumption {
	return wire.OptList(d.Decoder, 1, func() assumption { return assumption{In: d.input(), Bit: d.Uint(), Set: d.Bool()} })
}

// decodeSummary reads what encodeSummary wrote, as fn's summary.
func decodeSummary(b []byte, fn *FuncDef) (*Summary, error) {
	d := &dec{wire.NewDecoder(b, summaryMagic)}
	s := d.summary(fn)
	if err := d.Err(true); err != nil {
		return nil, err
	}
	return s, nil
}

// summary reads what enc.summary wrote (nil after an error).
func (d *dec) summary(fn *FuncDef) *Summary {
	s := &Summary{Fn: fn}
	s.Calls = wire.OptList(d.Decoder, 1, func() *CallRecord {
		c := &CallRecord{Callee: d.Str(), Pos: d.pos(), End: d.pos()}
		c.Args = d.vals()
		c.Assume = d.assume()
		return c
	})
	if n := d.OptN(1); n >= 0 {
		s.Events = make([]*SinkEvent, 0, n)
		for i := 0; i < n && !d.Failed(); i++ {
			name, k := d.Str(), d.Uint()
			sinks := gupapi.Sinks[name]
			if k >= uint64(len(sinks)) {
				d.Fail("damaged summary")
				break
			}
			ev := &SinkEvent{Sink: sinks[k], Pos: d.pos(), End: d.pos()}
			for _, v := range []*Val{&ev.Flags, &ev.Passed, &ev.ToSet, &ev.Locked, &ev.Pages} {
				*v = d.val(0)
			}
			ev.Assume = d.assume()
			s.Events = append(s.Events, ev)
		}
	}
	s.Returns = d.vals()
	if d.Failed() {
		return nil
	}
	return s
}
