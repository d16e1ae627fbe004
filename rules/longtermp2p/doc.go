// Package longtermp2p defines an Analyzer that reports FOLL_LONGTERM
// together with FOLL_PCI_P2PDMA.
//
// # Analyzer longtermp2p
//
// longtermp2p: report FOLL_LONGTERM combined with FOLL_PCI_P2PDMA
//
// FOLL_PCI_P2PDMA (6.2) lets GUP return pages of a PCI device's memory
// for peer-to-peer DMA. That memory belongs to a pgmap the driver may hot
// unplug at any time, so such pages may not be held long-term. From 6.3,
// is_valid_gup_args() refuses the pair:
//
//	/* We want to allow the pgmap to be hot-unplugged at all times */
//	if (WARN_ON_ONCE((gup_flags & FOLL_LONGTERM) &&
//			 (gup_flags & FOLL_PCI_P2PDMA)))
//		return false;
//
// and the call fails (-EINVAL, or 0 from pin_user_pages, _remote and
// _unlocked). Trees without FOLL_PCI_P2PDMA (6.1 and earlier) are not
// checked, nor is 6.2, whose check gupvet has not verified. A pair without
// FOLL_PIN is refused one check earlier and reported by longtermnopin.
//
// Flags are followed through wrappers; the finding is reported at the
// call in the function that writes one of the two flags.
//
// Example:
//
//	pin_user_pages_fast(addr, n, FOLL_LONGTERM | FOLL_PCI_P2PDMA, pages);
//
// Silence a report with /* gupvet:ignore longtermp2p reason */ on the
// line or the line before.
package longtermp2p
