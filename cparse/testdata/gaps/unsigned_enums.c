/* gcc gives an enum with no negative value an unsigned type; cc/v4 does so
 * only with UnsignedEnums. Without it the array size below is -1:
 * "invalid array size". */
enum e { A, B };
int check[(enum e)-1 > 0 ? 1 : -1];
