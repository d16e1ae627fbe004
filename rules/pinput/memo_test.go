package pinput

import "reflect"
import "testing"

import "gupvet/cparse"

// Kept findings come back as they were made (a site's chain included),
// and a damaged entry not at all.
func TestFindingsCodec(t *testing.T) {
	at := func(l int32) cparse.Pos { return cparse.Pos{File: "drivers/a.c", Line: l, Col: 2} }
	inner := &site{pos: at(20), callee: "get_user_pages_remote"}
	fs := []*finding{
		{pos: at(30), end: at(31), key: "pages", one: true, fam: pin, release: "put_page",
			st:  &state{fam: ref, acq: []*site{{pos: at(12), callee: "get_map_page", inner: inner}}, sym: "gup_flags & FOLL_PIN"},
			via: &viaHelper{name: "release_all", pos: at(50)}},
		{pos: at(60), end: at(61), key: "p->pages", fam: ref, release: "unpin_user_pages", st: &state{fam: pin}},
	}
	b, ok := encodeFindings(fs)
	if !ok {
		t.Fatal("not encoded")
	}
	got, ok := decodeFindings(b)
	if !ok || !reflect.DeepEqual(got, fs) {
		t.Fatalf("round trip: ok %v\n%+v\nwant\n%+v", ok, got, fs)
	}
	for n := 0; n < len(b); n++ {
		if _, ok := decodeFindings(b[:n]); ok {
			t.Fatalf("a prefix of %d of %d bytes decodes", n, len(b))
		}
	}
}
