package analyzer

import "runtime/debug"
import "testing"

import "gupvet/cparse"

// A tolerant parse starts with the collector off up to the small heap and
// switches to the large policy when its live heap passes half of it; a
// precise parse, or a request without a small heap, is large from the
// start. Only large parses give their memory back after the file.
func TestGCPolicy(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const small, target, limit = 64 << 20, 512 << 20, 2 << 30
	req := &workRequest{Opt: cparse.Options{Mode: cparse.Tolerant}, SmallHeap: small, GCTarget: target}
	g := newGCPolicy(req, limit)
	if g.large() || debug.SetGCPercent(-1) != -1 || debug.SetMemoryLimit(-1) != small {
		t.Fatalf("tolerant parse: large %v, want the collector off up to %d", g.large(), small)
	}
	g.observe(small / 4)
	if g.large() {
		t.Fatalf("a live heap of a quarter of the small heap made the policy large")
	}
	g.observe(small/2 + 1)
	if !g.large() || debug.SetGCPercent(400) != 400 || debug.SetMemoryLimit(-1) != target {
		t.Fatalf("over half the small heap live: large %v, want GOGC 400 up to %d", g.large(), target)
	}
	for _, r := range []*workRequest{
		{Opt: cparse.Options{Mode: cparse.Precise}, SmallHeap: small, GCTarget: target},
		{Opt: cparse.Options{Mode: cparse.Tolerant}, GCTarget: target},
	} {
		if g := newGCPolicy(r, limit); !g.large() || debug.SetMemoryLimit(-1) != target {
			t.Errorf("%v, small heap %d: want the large policy", r.Opt.Mode, r.SmallHeap)
		}
	}
	if g := newGCPolicy(&workRequest{Opt: cparse.Options{Mode: cparse.Precise}}, limit); debug.SetMemoryLimit(-1) != limit*3/4 || !g.large() {
		t.Errorf("no GC target: want the memory limit at 3/4 of the hard limit")
	}
}

func TestWorkerSmallHeap(t *testing.T) {
	for _, c := range []struct {
		budget int64
		jobs   int
		want   int64
	}{
		{0, 2, 256 << 20}, // the default budget's share is over 256 MB
		{DefaultMemoryBudget, 8, (DefaultMemoryBudget - driverReserve) / 8},
		{DefaultMemoryBudget, 64, 64 << 20},
		{500 << 20, 0, 200 << 20},
	} {
		if got := workerSmallHeap(c.budget, c.jobs); got != c.want {
			t.Errorf("workerSmallHeap(%d MB, %d) = %d MB, want %d MB", c.budget>>20, c.jobs, got>>20, c.want>>20)
		}
	}
}
