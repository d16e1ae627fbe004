/* The kernel is built with -funsigned-char; cc.NewABI("linux", "amd64")
 * makes char signed. Without ABI.SignedChar = false the array size below
 * is -1: "invalid array size". */
int check[(char)-1 > 0 ? 1 : -1];
