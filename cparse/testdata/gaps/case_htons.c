/* case htons(...) (include/uapi/linux/swab.h with __HAVE_BUILTIN_BSWAP16__):
 * cc.Translate cannot fold __builtin_bswap16 in a case label, "cannot
 * evaluate constant expression". Work-around: #undef
 * __HAVE_BUILTIN_BSWAP{16,32,64}__ after compiler_types.h (precise.go), so
 * the constant C forms are used. */
#ifdef __HAVE_BUILTIN_BSWAP16__
#define __swab16(x) (unsigned short)__builtin_bswap16((unsigned short)(x))
#else
#define __swab16(x) ((unsigned short)((((unsigned short)(x) & 0x00ffU) << 8) | \
				      (((unsigned short)(x) & 0xff00U) >> 8)))
#endif
#define htons(x) __swab16(x)

int f(unsigned short proto)
{
	switch (proto) {
	case htons(0x0800):
		return 4;
	case htons(0x86DD):
		return 6;
	}
	return 0;
}
