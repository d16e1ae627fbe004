package longtermp2p

import _ "embed"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"

//go:embed doc.go
var doc string

// Analyzer reports FOLL_LONGTERM together with FOLL_PCI_P2PDMA.
var Analyzer = gupcontract.New("longtermp2p", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	lt, p2p, pin := m.Bit("FOLL_LONGTERM"), m.Bit("FOLL_PCI_P2PDMA"), m.Bit("FOLL_PIN")
	// Without FOLL_PIN the pair is refused one check earlier, as
	// FOLL_LONGTERM without FOLL_PIN (longtermnopin).
	if lt == 0 || p2p == 0 || !ev.Flags.MaySet(lt|p2p) || !ev.Flags.MaySet(pin) || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	st := c.State(ev, func(a *gupcontract.Assertion) bool { return a.Named("FOLL_LONGTERM", "FOLL_PCI_P2PDMA") }, gupapi.LongtermP2P)
	if st == nil {
		return nil
	}
	h, partner := gupcontract.PairFlag(c, ev, lt|p2p, lt|p2p, ev.Flags.MustSet(lt|p2p|pin))
	if h == nil {
		return nil
	}
	h.Message = c.Refused(ev, st, " together with "+partner+": peer-to-peer DMA pages may not be pinned long-term")
	return h
}
