package mmaplock

import "reflect"
import "testing"

import "gupvet/cparse"
import "gupvet/rules/flagflow"

// A kept run comes back as it was made: every field of an event a
// message reads, and nothing of a damaged entry.
func TestRunCodec(t *testing.T) {
	root := &flagflow.FuncDef{Key: flagflow.FuncKey{Scope: "drivers/a.c", Name: "ioctl"}, Unit: "drivers/a.c"}
	helper := &flagflow.FuncDef{Key: flagflow.FuncKey{Name: "helper"}, Unit: "drivers/b.c"}
	at := func(l int32) cparse.Pos { return cparse.Pos{File: "drivers/a.c", Line: l, Col: 3} }
	ent := &entryPoint{fn: root, why: "the .unlocked_ioctl of a struct file_operations", at: at(40)}
	c := &checker{entries: map[*flagflow.FuncDef]*entryPoint{root: ent}}
	m := &rootMemo{defs: map[funcID]*flagflow.FuncDef{{root.Key, root.Unit}: root, {helper.Key, helper.Unit}: helper}}
	r := &rootRun{deep: true, events: []*event{{
		at: at(10), end: at(11), fn: helper, root: root, entry: ent,
		req: &requirement{entry: "get_user_pages", op: opAssert, text: "mmap_assert_locked(mm)", at: at(900), in: "__get_user_pages",
			path: []step{{"get_user_pages", "__get_user_pages", at(950)}}, via: "x", lookup: lookupFact{found: true, asserts: at(77)}},
		lock:  lockState{kind: unheld, how: howReleased, op: "mmap_read_unlock", at: at(8), in: "helper"},
		chain: []step{{"ioctl", "helper", at(12)}},
	}}}
	got, ok := m.decodeRun(c, root, encodeRun(r))
	if !ok || !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip: ok %v\n%+v\nwant\n%+v", ok, got, r)
	}
	b := encodeRun(r)
	for n := 0; n < len(b); n++ {
		if _, ok := m.decodeRun(c, root, b[:n]); ok {
			t.Fatalf("a prefix of %d of %d bytes decodes", n, len(b))
		}
	}
	// a run of another root, or naming a function the program lost
	if _, ok := m.decodeRun(c, helper, b); ok {
		t.Fatal("a run decoded as another root's")
	}
	delete(m.defs, funcID{helper.Key, helper.Unit})
	if _, ok := m.decodeRun(c, root, b); ok {
		t.Fatal("a run naming a function not in the program decoded")
	}
}
