package vmaremotenowait

import _ "embed"
import "fmt"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports FOLL_NOWAIT reaching get_user_page_vma_remote.
var Analyzer = gupcontract.New("vmaremotenowait", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	nowait := m.Bit("FOLL_NOWAIT")
	if nowait == 0 || !gupcontract.Through(ev, gupapi.VMARemote) || !ev.Flags.MaySet(nowait) {
		return nil
	}
	// the helper's own check, or, without the tree's code, 6.7's
	when := "6.7+"
	fails := "WARNs once and returns ERR_PTR(-EINVAL)"
	switch a, whole := c.Contract.Find(ev, func(a *gupcontract.Assertion) bool {
		return a.Func == gupapi.VMARemote && a.Flags["FOLL_NOWAIT"]
	}); {
	case a != nil:
		when, fails = report.Where(a.Pos, c.From), a.Fails()
	case c.Contract.Derived && whole, !m.VMARemoteNoWait():
		return nil
	}
	h := gupcontract.OneFlag(ev, ev.Flags, nowait, ev.Flags.MustSet(nowait))
	if h == nil {
		return nil
	}
	h.Message = func(s gupcontract.Summary) string {
		return fmt.Sprintf("%s %s, but get_user_page_vma_remote cannot return \"not yet\": it %s on FOLL_NOWAIT (%s); use get_user_pages_remote",
			gupcontract.Called(ev, gupapi.VMARemote), s.Gets(m, c.From), fails, when)
	}
	return h
}
