package analyzer

import "sync"
import "testing"

// A Shared value that panics while being built panics again for every
// caller, not only the first: the analyses that Needs.Prepare starts early
// build them on a goroutine of their own, and each unit's pass must still
// fail as it would have building the value itself.
func TestSharedPanicsForEveryCaller(t *testing.T) {
	pd := &ProgramData{}
	builds := 0
	call := func() (r any) {
		defer func() { r = recover() }()
		pd.Shared("k", func() any {
			builds++
			panic("boom")
		})
		return nil
	}
	var wg sync.WaitGroup
	got := make([]any, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = call()
		}()
	}
	wg.Wait()
	for i, r := range got {
		if r != "boom" {
			t.Errorf("caller %d recovered %v, want boom", i, r)
		}
	}
	if builds != 1 {
		t.Errorf("built %d times, want once", builds)
	}
	if v := pd.Shared("ok", func() any { return 7 }); v != 7 {
		t.Errorf("Shared = %v, want 7", v)
	}
}
