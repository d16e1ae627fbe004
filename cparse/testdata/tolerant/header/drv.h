#ifndef DRV_H
#define DRV_H

/* an unknown macro, then an integer: "expected identifier" */
struct vmw_sw_context {
	DECLARE_RES_TABLE(res_ht, 12);
	bool kernel;
};

struct vmw_private {
	ulong n;
};

typedef unsigned long long my_ppn_t;
#define VMW_PIN_FLAGS (FOLL_WRITE | FOLL_LONGTERM)

static inline struct vmw_private *vmw_priv(void)
{
	asm volatile(ALTERNATIVE("nop", "lfence", X86_FEATURE_LFENCE_RDTSC));
	return 0;
}
#endif
