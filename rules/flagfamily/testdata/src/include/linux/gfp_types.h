/*
 * flagfamily fixture: allocation flags laid out as 6.1's gfp_types.h lays
 * them out (plain bits, then typed masks built from them).
 */
#ifndef FF_GFP_TYPES_H
#define FF_GFP_TYPES_H

#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#ifdef CONFIG_LOCKDEP
#define ___GFP_NOLOCKDEP	0x8000000u
#else
#define ___GFP_NOLOCKDEP	0
#endif

#define __GFP_HIGH	((__force gfp_t)___GFP_HIGH)
#define __GFP_IO	((__force gfp_t)___GFP_IO)
#define __GFP_FS	((__force gfp_t)___GFP_FS)
#define __GFP_RECLAIM	((__force gfp_t)(___GFP_DIRECT_RECLAIM|___GFP_KSWAPD_RECLAIM))
#define __GFP_NOLOCKDEP	((__force gfp_t)___GFP_NOLOCKDEP)

#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)

#endif
