#define uiom_printk(lvl, args...) \
	do { \
		printk(lvl "%s:%d: ", __func__, __LINE__); \
		printk(args); \
	} while (0)

#define uiom_dbg(args...) \
	do { \
		if (uiom_log_lvl >= 4) \
			uiom_printk(KERN_INFO, args); \
	} while (0)
