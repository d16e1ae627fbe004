int f(void)
{
	return bad_call(1); // want "bad_call with 1 argument"
}
