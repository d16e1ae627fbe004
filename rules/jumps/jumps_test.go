package jumps

import "reflect"
import "testing"

import "gupvet/cparse"

func join(ws []string) []string { return append([]string{"joined"}, ws...) }

// A goto's paths land at its label, joined with those that fall through;
// a label no goto names leaves the paths as they are.
func TestGotoLands(t *testing.T) {
	var j Jumps[string]
	if !j.Take(&cparse.Goto{Label: "out"}, []string{"a"}) {
		t.Fatal("goto is a jump")
	}
	j.Take(&cparse.Goto{Label: "out"}, []string{"b"})
	if got := j.Land("other", []string{"c"}, join); !reflect.DeepEqual(got, []string{"c"}) {
		t.Errorf("no goto to it: %v", got)
	}
	if got := j.Land("out", []string{"c"}, join); !reflect.DeepEqual(got, []string{"joined", "c", "a", "b"}) {
		t.Errorf("at out: %v", got)
	}
	if got := j.Land("out", nil, join); got != nil {
		t.Errorf("a label's gotos land once: %v", got)
	}
}

// break leaves the innermost loop or switch; continue the innermost loop,
// through a switch.
func TestBreakContinue(t *testing.T) {
	var j Jumps[string]
	j.Enter(true)
	j.Enter(false) // a switch in the loop
	j.Take(&cparse.Break{}, []string{"sw"})
	j.Take(&cparse.Continue{}, []string{"next"})
	b, c := j.Leave()
	if !reflect.DeepEqual(b, []string{"sw"}) || c != nil {
		t.Errorf("switch: breaks %v, continues %v", b, c)
	}
	j.Take(&cparse.Break{}, []string{"exit"})
	b, c = j.Leave()
	if !reflect.DeepEqual(b, []string{"exit"}) || !reflect.DeepEqual(c, []string{"next"}) {
		t.Errorf("loop: breaks %v, continues %v", b, c)
	}
	if j.Take(&cparse.Return{}, nil) {
		t.Error("return is not one of the jumps kept here")
	}
	// outside any loop, the paths just end
	if !j.Take(&cparse.Break{}, []string{"x"}) {
		t.Error("break is a jump")
	}
}

// A switch body runs from no path; its breaks join the paths that end
// it, and a break after it is the enclosing loop's again.
func TestSwitch(t *testing.T) {
	var j Jumps[string]
	j.Enter(true)
	body := &cparse.Block{}
	got := Switch(&j, body, func(s cparse.Stmt, ws []string) []string {
		if s != body || ws != nil {
			t.Errorf("exec(%v, %v): want the body, from no path", s, ws)
		}
		j.Take(&cparse.Break{}, []string{"case 1"})
		return []string{"end"}
	})
	if !reflect.DeepEqual(got, []string{"end", "case 1"}) {
		t.Errorf("out of the switch: %v", got)
	}
	j.Take(&cparse.Break{}, []string{"loop"})
	if b, _ := j.Leave(); !reflect.DeepEqual(b, []string{"loop"}) {
		t.Errorf("the loop's breaks: %v", b)
	}
}
