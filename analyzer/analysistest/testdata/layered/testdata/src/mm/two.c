/*
 * Harness test input: the second .c file of the src layer, in another
 * directory than the first.
 */
int bad_call(int x, ...);

static void layer_two(void)
{
	bad_call(1, 2); // want "bad_call with 2 arguments"
}
