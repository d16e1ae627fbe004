package jumps

import "slices"
import "testing"

func TestEach(t *testing.T) {
	var seen []int
	ws := []int{3, 1, 2}
	got := Each(ws, func(w int) { seen = append(seen, w) })
	if !slices.Equal(seen, ws) || !slices.Equal(got, ws) {
		t.Errorf("Each ran on %v and kept %v, want %v both", seen, got, ws)
	}
	if got := Each([]int(nil), func(int) { t.Error("ran on no path") }); got != nil {
		t.Errorf("no paths: %v", got)
	}
}
