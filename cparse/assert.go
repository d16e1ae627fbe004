package cparse

// Assertions are the kernel's run-time checks of a condition: WARN_ON()
// and BUG_ON() and their kin. Tolerant mode keeps them as calls (its
// prelude does not expand them), so an analysis can read a condition as
// what the code asserts: a branch on WARN_ON_ONCE(c) is a branch on c,
// and the call says the kernel checks c there.
var assertions = map[string]bool{
	"WARN_ON": true, "WARN_ON_ONCE": true, "WARN": true, "WARN_ONCE": true,
	"VM_WARN_ON": true, "VM_WARN_ON_ONCE": true, "VM_WARN_ON_ONCE_PAGE": true,
	"VM_WARN_ON_ONCE_FOLIO": true, "VM_WARN_ON_FOLIO": true,
	"BUG_ON": true, "VM_BUG_ON": true, "VM_BUG_ON_PAGE": true, "VM_BUG_ON_FOLIO": true,
	"VM_BUG_ON_VMA": true, "VM_BUG_ON_MM": true,
}

// Assertion returns the condition a call of an assertion macro checks,
// and whether the call is one.
func (c *Call) Assertion() (Expr, bool) {
	if !assertions[c.CalleeName()] || len(c.Args) == 0 {
		return nil, false
	}
	return c.Args[0], true
}
