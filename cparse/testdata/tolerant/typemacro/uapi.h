#define MY_IOCTL_UNPIN	DRM_IOW(0x41, struct my_pin_req)
