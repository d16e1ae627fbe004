/* A macro of a global header tolerant mode knows nothing of, called with a
 * type: in a case label through a local macro (cc/v4 reports it at the
 * local macro's name), in an assignment, in a local header's macro.
 * want: drm_ioctl calls pin_user_pages_fast
 * want: alloc_pin calls get_user_pages_fast */
#include "uapi.h"

#define MY_IOCTL_PIN	DRM_IOWR(0x40, struct my_pin_req)

long drm_ioctl(unsigned int cmd, unsigned long addr, struct page **pages)
{
	switch (cmd) {
	case MY_IOCTL_PIN:
		return pin_user_pages_fast(addr, 1, FOLL_WRITE, pages);
	case MY_IOCTL_UNPIN:
		return 0;
	}
	return -22;
}

long alloc_pin(unsigned long addr, int n)
{
	struct page **pages = drm_alloc_array(struct page *, n);

	return get_user_pages_fast(addr, n, FOLL_WRITE, pages);
}
