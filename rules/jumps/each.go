package jumps

// Each runs f on each path and goes on with all of them: a statement
// that only evaluates (an expression statement, evaluated in each world)
// neither ends nor splits a path.
func Each[W any](ws []W, f func(W)) []W {
	for _, w := range ws {
		f(w)
	}
	return ws
}
