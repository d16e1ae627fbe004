package gupapi

import "testing"

// FuzzEvalConst: the flag-definition evaluator takes any header text.
func FuzzEvalConst(f *testing.F) {
	for _, s := range []string{"1 << 0", "0x20", "BIT(21)", "(FOLL_TOUCH | FOLL_PIN)", "~0", "1 << 64", "((((", "FOLL_X |", "0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := &Model{Flags: map[string]*Flag{"FOLL_TOUCH": {Name: "FOLL_TOUCH", Value: 1 << 16}, "FOLL_PIN": {Name: "FOLL_PIN", Value: 1 << 19}}}
		m.evalConst(s)
		m.readFlags("x.h", []byte("#define FOLL_A "+s+"\nenum { FOLL_B = "+s+", };\n"), false)
		m.readInternalSet([]byte("#define INTERNAL_GUP_FLAGS (" + s + ")\n"))
	})
}
