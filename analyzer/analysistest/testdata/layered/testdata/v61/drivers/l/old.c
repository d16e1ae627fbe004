/*
 * Harness test input: a layer over the module's v61 tree.
 */
int bad_call(int x, ...);

static void layer_old(void)
{
	bad_call(1, 2, 3); // want "bad_call with 3 arguments"
}
