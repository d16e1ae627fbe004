/*
 * Harness test input: a layer over the module's demo tree. RunTestdata
 * analyses this file and mm/two.c in one run; every want is met.
 */
int bad_call(int x, ...);

static void layer_one(void)
{
	bad_call(1); // want "bad_call with 1 argument"
}
