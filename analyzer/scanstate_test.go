package analyzer

import "reflect"
import "testing"

func TestScanStateRoundTrip(t *testing.T) {
	m := map[string]scanEntry{
		"/t/mm/gup.c":                  {Size: 98765, Mtime: 1733000000123456789, Match: true},
		"/t/drivers/x/x.c":             {Size: 12, Mtime: -5, Includes: []string{"x.h", "sub/y.h"}},
		"/t/drivers/x/empty.c":         {},
		"/t/drivers/x/\u00e9t\u00e9.c": {Size: 1 << 40, Mtime: 7, Includes: []string{""}},
	}
	b := encodeScan(m)
	got, err := decodeScan(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip:\n got %#v\nwant %#v", got, m)
	}
	// every proper prefix is refused (the count says how many entries
	// there are), none panics
	for n := 0; n < len(b); n++ {
		if got, err := decodeScan(b[:n]); err == nil {
			t.Fatalf("prefix of %d of %d bytes decoded: %v", n, len(b), got)
		}
	}
	if _, err := decodeScan([]byte("\xff\x00gob")); err == nil {
		t.Error("another format was decoded")
	}
	// a count of includes larger than what follows
	bad := append([]byte(scanMagic), "\x01a.c\x00\x02\x02\x00\xff\xff\x03"...)
	if _, err := decodeScan(bad); err == nil {
		t.Error("an include count past the end was accepted")
	}
}

func FuzzDecodeScan(f *testing.F) {
	f.Add(encodeScan(map[string]scanEntry{"a.c": {Size: 3, Includes: []string{"a.h"}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeScan(b)
		if err != nil {
			return
		}
		// what decodes encodes to something that decodes the same
		again, err := decodeScan(encodeScan(m))
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoding %v: %v %v", m, again, err)
		}
	})
}
