// Package jumps keeps what a path-by-path interpreter of a C function
// needs to follow its jumps — the paths a goto leaves for its label, and
// those a break or continue leaves for the loop or switch around it, and
// how a loop's body is run (Loop) — for
// any kind of path (W). The flag analysis, mmaplock and pinput each walk
// their own state through a function; how control moves is the same for
// all three, and written once here.
package jumps
