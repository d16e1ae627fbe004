package nullpages

import _ "embed"
import "fmt"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports FOLL_GET or FOLL_PIN with a pages array that may be NULL.
var Analyzer = gupcontract.New("nullpages", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	entry := gupcontract.Entry(ev)
	gp := m.Bit("FOLL_GET") | m.Bit("FOLL_PIN")
	if gp == 0 || ev.Flags.May&gp == 0 || !ev.Pages.MayBeNull() || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	st := c.State(ev, isCheck, gupapi.NullPages)
	if st == nil {
		return nil
	}
	why := st.Why
	if getPin := m.Bit("FOLL_GET") | m.Bit("FOLL_PIN"); ev.Flags.MustSet(getPin) {
		return nil // refused earlier, as FOLL_GET with FOLL_PIN (getpin)
	}
	// the flag that needs the array: one set on every path if any
	bit := ev.Flags.Must & gp
	if bit == 0 {
		bit = ev.Flags.May & gp
	}
	bit &= -bit
	flag, flagNote := gupcontract.Partner(ev, bit, m.Name(bit), c.From)
	// Reported where the NULL is written, or else where the flag is.
	o := ev.Pages.NullAt
	nullHere := o != nil && ev.Local(o)
	if !nullHere {
		b, fo := gupcontract.LocalBit(ev, ev.Flags, gp)
		if b == 0 {
			return nil
		}
		bit, o = b, fo
		flag, flagNote = gupcontract.Partner(ev, bit, m.Name(bit), c.From)
	}
	var notes []gupcontract.Note
	if ev.Pages.NullAt != nil {
		notes = append(notes, gupcontract.Note{Pos: ev.Pages.NullAt.Pos, Msg: "pages becomes NULL here"})
	}
	notes = append(notes, flagNote)
	call := ev.Chain[0]
	return &gupcontract.Hit{
		Origin: o,
		Must:   ev.Flags.Must&bit != 0 && ev.Pages.Nul == flagflow.MayNull,
		Message: func(s gupcontract.Summary) string {
			is := "may be"
			if s.Always {
				is = "is"
			}
			src := ""
			if p := ev.Pages.NullAt; p != nil && (p.Pos.Line != call.Pos.Line || p.Pos.File != call.Pos.File) {
				src = fmt.Sprintf(" (NULL from %s)", report.Where(p.Pos, c.From))
			}
			fix := "pass an array, or drop " + m.Name(bit) + " to only fault the range in"
			if fo := ev.Flags.Origin(bit); fo == nil || !ev.Local(fo) {
				fix = "pass an array, or fault the range in with get_user_pages(), get_user_pages_remote() or get_user_pages_unlocked(), which take no reference without one"
			}
			return fmt.Sprintf("pages %s NULL%s, but %s runs with %s, which returns each page through pages[]: %s; %s",
				is, src, gupcontract.Called(ev, entry), flag, why, fix)
		},
		Related: notes,
	}
}

// isCheck accepts a check that refuses a NULL pages when the call takes
// references: is_valid_gup_args' (6.3+), pin_user_pages*'s WARN_ON_ONCE(
// !pages), __get_user_pages' VM_BUG_ON(!!pages != !!(…)) (before 6.3).
func isCheck(a *gupcontract.Assertion) bool {
	for f := range a.Flags {
		if f != "FOLL_GET" && f != "FOLL_PIN" {
			return false
		}
	}
	return a.Names["pages"]
}
