/*
 * Harness test input: the tree's mm/gup.c. When a test does not list it,
 * the harness parses it as context only and its calls are not reported.
 */
int bad_call(int x, ...);

long gup_context_user(void)
{
	return bad_call(5); // want "bad_call with 1 argument"
}
