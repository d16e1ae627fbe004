package jumps

import "gupvet/cparse"

// Jumps are the jumps pending in one function.
type Jumps[W any] struct {
	pending map[string][]W // forward gotos, by label
	frames  []*frame[W]    // the enclosing loops and switches, innermost last
}

type frame[W any] struct {
	loop          bool
	breaks, conts []W
}

// Take ends the paths ws at a jump statement s (goto, break, continue),
// keeping them for where the jump lands, and reports whether s was one.
// A break or continue outside any loop or switch ends its paths.
func (j *Jumps[W]) Take(s cparse.Stmt, ws []W) bool {
	switch s := s.(type) {
	case *cparse.Goto:
		if s.Label != "" {
			if j.pending == nil {
				j.pending = map[string][]W{}
			}
			j.pending[s.Label] = append(j.pending[s.Label], ws...)
		}
	case *cparse.Break:
		if n := len(j.frames); n > 0 {
			j.frames[n-1].breaks = append(j.frames[n-1].breaks, ws...)
		}
	case *cparse.Continue:
		for i := len(j.frames) - 1; i >= 0; i-- {
			if j.frames[i].loop {
				j.frames[i].conts = append(j.frames[i].conts, ws...)
				break
			}
		}
	default:
		return false
	}
	return true
}

// Land returns the paths that reach a label: ws, and those of the gotos
// to it seen so far, joined by join (only when there are such gotos).
func (j *Jumps[W]) Land(label string, ws []W, join func([]W) []W) []W {
	p := j.pending[label]
	if len(p) == 0 {
		return ws
	}
	delete(j.pending, label)
	return join(append(ws, p...))
}

// Enter starts a loop (loop true) or a switch body.
func (j *Jumps[W]) Enter(loop bool) {
	j.frames = append(j.frames, &frame[W]{loop: loop})
}

// Leave ends the innermost loop or switch: the paths its breaks and its
// continues left.
func (j *Jumps[W]) Leave() (breaks, conts []W) {
	f := j.frames[len(j.frames)-1]
	j.frames = j.frames[:len(j.frames)-1]
	return f.breaks, f.conts
}

// Switch runs a switch body, exec'd from no path (each case label brings
// its own), with break leading out of it: the paths that end the body
// and those its breaks left.
func Switch[W any](j *Jumps[W], body cparse.Stmt, exec func(cparse.Stmt, []W) []W) []W {
	j.Enter(false)
	out := exec(body, nil)
	breaks, _ := j.Leave()
	return append(out, breaks...)
}
