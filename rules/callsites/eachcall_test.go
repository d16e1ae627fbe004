package callsites

import "reflect"
import "testing"

// eachCall finds what the regexp \b([A-Za-z_]\w*)\s*\( found: a name (not
// a number's tail), blanks, then "(".
func TestEachCall(t *testing.T) {
	code := []byte("x1foo(a) + foo \t\n(b) - 9bar(c) + baz [d] + get_user_pages(")
	var got []string
	eachCall(code, func(s, e int) { got = append(got, string(code[s:e])) })
	if want := []string{"x1foo", "foo", "get_user_pages"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
