package gmake

import "io/fs"
import "testing"

// The subset of make kbuild files use, each construct once, with the
// configuration's answers for $(CONFIG_…).
func TestMakeEval(t *testing.T) {
	m := New(Env{Config: map[string]string{"CONFIG_MMU": "y", "CONFIG_SMP": "y"}})
	m.Run([]byte(`
A := one
B = $(A) two
A := uno
C := $(B)
D += x
D += y
E ?= first
E ?= second
objs := a.o b.o c.c
F := $(patsubst %.o,%.c,$(filter %.o,$(objs)))
G := $(objs:.o=.s)
H := $(subst a,A,banana)
I := $(addprefix -I,p q) $(words $(objs)) $(firstword $(objs)) $(notdir x/y/z.c) $(basename x/y.c)
J := $(if $(CONFIG_MMU),mmu,nommu) $(if $(CONFIG_NOPE),yes,no)
K := $(foreach w,a b,<$(w)>)
define BLOCK
ccflags-y += -DIN_DEFINE
endef
sq = [$(1)|$(2)]
L := $(call sq,x,y)
M := $(strip   a    b  )
N := $(sort c a b a)
ifneq ($(filter y,$(CONFIG_SMP)),)
O := smp
endif
ifeq "$(CONFIG_MMU)" "y"
P := quoted
endif
ifndef CONFIG_NOPE
ifdef CONFIG_MMU
Q := nested
else
Q := wrong
endif
else
Q := wrong2
endif
export R := exported
override S = overridden
T := $(shell echo no) $(call cc-option,-fno-x)
U := a\#b
`))
	for k, want := range map[string]string{
		"B": "uno two", "C": "uno two", "D": "x y", "E": "first", "F": "a.c b.c",
		"G": "a.s b.s c.c", "H": "bAnAnA", "I": "-Ip -Iq 3 a.o z.c x/y", "J": "mmu no",
		"K": "<a> <b>", "L": "[x|y]", "M": "a b", "N": "a b c", "O": "smp", "P": "quoted", "Q": "nested",
		"R": "exported", "S": "overridden", "T": " ", "ccflags-y": "", "U": "a#b",
	} {
		if got := m.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// An include is read through Env.ReadFile, relative to Dir, else Fallback.
func TestInclude(t *testing.T) {
	files := map[string]string{"/src/inc.mk": "X := from-fallback\n", "/obj/here.mk": "Y := from-dir\n"}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	m := New(Env{ReadFile: read, Dir: "/obj", Fallback: "/src"})
	m.Run([]byte("include inc.mk\ninclude here.mk\n-include missing.mk\n"))
	if m.Get("X") != "from-fallback" || m.Get("Y") != "from-dir" {
		t.Errorf("X = %q, Y = %q", m.Get("X"), m.Get("Y"))
	}
}
