/* asm inline (compiler_types.h: asm_inline with CONFIG_CC_HAS_ASM_INLINE):
 * parses, but cc.Translate fails with "TODO AsmQualifierInline".
 * Work-around: #undef CONFIG_CC_HAS_ASM_INLINE after kconfig.h (precise.go),
 * so the kernel spells it plain asm. */
void f(void)
{
	asm_inline volatile("nop");
}
