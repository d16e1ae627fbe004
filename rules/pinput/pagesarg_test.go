package pinput

import "os"
import "regexp"
import "strings"
import "testing"

// The pages argument positions of the entry points match their
// definitions in every tree at hand (mm/gup.c, or include/linux/mm.h for
// the inline ones): the parameter there is a struct page **.
func TestPagesArg(t *testing.T) {
	trees := 0
	for _, env := range []string{"GUPVET_LINUX_5_10", "GUPVET_LINUX_6_1", "GUPVET_LINUX_6_12", "GUPVET_LINUX_7_SID", "GUPVET_LINUX_7"} {
		src := os.Getenv(env)
		if src == "" {
			continue
		}
		trees++
		var text string
		for _, f := range []string{"mm/gup.c", "include/linux/mm.h"} {
			b, err := os.ReadFile(src + "/" + f)
			if err != nil {
				t.Fatal(err)
			}
			text += string(b)
		}
		found := 0
		for name, i := range pagesArg {
			rx := regexp.MustCompile(`(?m)^(?:static inline |static )?(?:long|int|bool|struct page \*)\s*\n?` + name + `\(([^)]*)\)\s*\n\{`)
			m := rx.FindStringSubmatch(text)
			if m == nil {
				continue // not in this version
			}
			found++
			params := strings.Split(m[1], ",")
			if i < 0 {
				if !strings.Contains(m[0], "struct page *") {
					t.Errorf("%s: %s does not return a struct page *", env, name)
				}
				continue
			}
			if i >= len(params) || !strings.Contains(params[i], "struct page **") {
				t.Errorf("%s: %s's parameter %d is %q, want the struct page ** array", env, name, i, strings.TrimSpace(params[min(i, len(params)-1)]))
			}
		}
		// every pin_user_pages* and get_user_pages* but the few some
		// versions lack is defined in each tree
		if found < 12 {
			t.Errorf("%s: found %d of the %d entry points' definitions, want at least 12", env, found, len(pagesArg))
		}
	}
	if trees == 0 {
		t.Skip("set GUPVET_LINUX_6_12 (and the other trees' variables) to run; bash .ci/run does")
	}
}
