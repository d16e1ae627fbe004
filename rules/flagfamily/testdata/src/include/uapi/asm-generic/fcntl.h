/* flagfamily fixture: open(2) flags as asm-generic/fcntl.h defines them. */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
