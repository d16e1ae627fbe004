package pinput

import "fmt"
import "os"
import "strings"

func init() {
	if os.Getenv("PINPUT_DEBUG") != "" {
		debugResult = func(name string, r *result) {
			if !strings.Contains(name, os.Getenv("PINPUT_DEBUG")) {
				return
			}
			for _, e := range r.releases {
				var cs []string
				for _, c := range e.conds {
					cs = append(cs, fmt.Sprintf("%s=%v", c.text, c.val))
				}
				fmt.Printf("%s release param%d %v %v fam=%d %s conds=%v\n", name, e.param, e.amp, e.sels, e.fam, e.callee, cs)
			}
			for _, e := range r.fills {
				fmt.Printf("%s fill param%d fam=%d\n", name, e.param, e.fam)
			}
			fmt.Printf("%s dispatch=%v incomplete=%v\n", name, r.dispatch, r.incomplete)
		}
	}
}
