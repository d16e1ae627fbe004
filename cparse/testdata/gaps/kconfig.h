/* Stands in for include/linux/kconfig.h with the configuration it pulls in:
 * the gap reproducers are forced-included after it, as kbuild does. */
#define CONFIG_CC_HAS_ASM_INLINE 1
