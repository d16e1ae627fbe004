/* drivers/gpu/drm/vmwgfx/vmwgfx_drv.h, arch/x86/kvm/svm/svm.h (6.12): a
 * local header with a declaration cc/v4 cannot read without the global
 * headers was read as empty, and with it every macro and type the file
 * takes from it. Now that declaration alone is given up.
 * want: msg_pin calls pin_user_pages_fast
 * lost: drv.h 5-8 */
#include "drv.h"

long msg_pin(unsigned long addr, struct page **pages)
{
	struct vmw_private *priv = vmw_priv();
	my_ppn_t ppn = 0;

	return pin_user_pages_fast(addr, 1, VMW_PIN_FLAGS, pages) + ppn + priv->n;
}
