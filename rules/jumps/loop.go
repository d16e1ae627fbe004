package jumps

import "gupvet/cparse"

// LoopOps are what Loop asks of the interpreter: how it runs a statement
// over paths, splits a path on a condition, runs the loop's post
// statement, and joins paths.
type LoopOps[W any] struct {
	Exec func(s cparse.Stmt, ws []W) []W
	// Cond splits w on the loop's condition: the paths where it holds,
	// and those where it does not. Enter, when set, splits the paths
	// that go round again instead (pinput notes what the condition
	// tests there); Cond still splits the paths that leave.
	Cond, Enter func(c cparse.Expr, w W) (t, f []W)
	Post        func(e cparse.Expr, ws []W) []W
	Merge       func(ws []W) []W
}

// Loop runs a loop's body at most twice — enough for what one iteration
// sets to be seen by the next, bounded whatever the loop — with its
// breaks and continues, and returns the paths out of it.
func Loop[W any](j *Jumps[W], s *cparse.Loop, ws []W, op LoopOps[W]) []W {
	enter := op.Enter
	if enter == nil {
		enter = op.Cond
	}
	ws = op.Exec(s.Init, ws)
	var exits []W
	cur := ws
	for iter := 0; iter < 2 && len(cur) > 0; iter++ {
		var body []W
		if s.C == nil || (s.DoWhile && iter == 0) {
			body = cur
		} else {
			for _, w := range cur {
				t, f := enter(s.C, w)
				body = append(body, t...)
				exits = append(exits, f...)
			}
		}
		j.Enter(true)
		body = op.Exec(s.Body, op.Merge(body))
		breaks, conts := j.Leave()
		exits = append(exits, breaks...)
		body = op.Merge(append(body, conts...))
		if s.Post != nil {
			body = op.Post(s.Post, body)
		}
		cur = body
	}
	if s.C != nil {
		for _, w := range cur {
			_, f := op.Cond(s.C, w)
			exits = append(exits, f...)
		}
	}
	return op.Merge(exits)
}
