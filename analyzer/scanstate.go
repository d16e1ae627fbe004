package analyzer

import "bytes"
import "encoding/binary"
import "errors"
import "math"

// The prefilter's memory of the tree (42,341 entries for 6.12) is read at
// the start of every run and written at the end of every run that saw a
// change, both on the way to the first parse: a record per file in a
// flat format of its own. Measured on 6.12's: read in 14 ms where
// encoding/gob's reflection over the map took 30, written in 9 where it
// took 45.
//
//	scanMagic, the number of entries (uvarint)
//	per entry: path NUL, size and mtime (varints), match (one byte),
//	           the number of includes (uvarint), each include NUL
//
// Decoding makes one string of the whole file and takes every path and
// include as a part of it: no allocation per entry but the map's.

const scanMagic = "gupvet-prefilter-1\n"

// encodeScan writes m in the format above, in no particular order.
func encodeScan(m map[string]scanEntry) []byte {
	b := make([]byte, 0, len(scanMagic)+len(m)*96)
	b = append(b, scanMagic...)
	b = binary.AppendUvarint(b, uint64(len(m)))
	for path, e := range m {
		b = append(b, path...)
		b = append(b, 0)
		b = binary.AppendVarint(b, e.Size)
		b = binary.AppendVarint(b, e.Mtime)
		if e.Match {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(e.Includes)))
		for _, inc := range e.Includes {
			b = append(b, inc...)
			b = append(b, 0)
		}
	}
	return b
}

var errScanFormat = errors.New("not a prefilter state")

// decodeScan reads what encodeScan wrote; anything else (another
// version's file, a truncated one) is an error, and the run then reads
// every file again.
func decodeScan(data []byte) (map[string]scanEntry, error) {
	if !bytes.HasPrefix(data, []byte(scanMagic)) {
		return nil, errScanFormat
	}
	all := string(data) // the one copy the paths share
	b := data[len(scanMagic):]
	at := func() int { return len(data) - len(b) } // b's offset in all
	count, k := binary.Uvarint(b)
	if k <= 0 || count > uint64(len(b)) { // an entry takes a few bytes at least
		return nil, errScanFormat
	}
	b = b[k:]
	m := make(map[string]scanEntry, count)
	str := func() (string, bool) {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			return "", false
		}
		s := all[at() : at()+i]
		b = b[i+1:]
		return s, true
	}
	varint := func() (int64, bool) {
		v, n := binary.Varint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	for len(b) > 0 {
		path, ok := str()
		if !ok {
			return nil, errScanFormat
		}
		var e scanEntry
		var ok1, ok2 bool
		e.Size, ok1 = varint()
		e.Mtime, ok2 = varint()
		if !ok1 || !ok2 || len(b) == 0 || b[0] > 1 {
			return nil, errScanFormat
		}
		e.Match = b[0] == 1
		b = b[1:]
		n, k := binary.Uvarint(b)
		// each include takes at least its NUL
		if k <= 0 || n > math.MaxInt32 || n > uint64(len(b)-k) {
			return nil, errScanFormat
		}
		b = b[k:]
		if n > 0 {
			e.Includes = make([]string, n)
			for i := range e.Includes {
				if e.Includes[i], ok = str(); !ok {
					return nil, errScanFormat
				}
			}
		}
		m[path] = e
	}
	if uint64(len(m)) != count {
		return nil, errScanFormat // cut short at an entry's end, or a path twice
	}
	return m, nil
}
