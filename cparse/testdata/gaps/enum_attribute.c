/* An attribute between enum and its tag (drivers/accel/qaic/qaic.h:
 * "enum __packed dev_states {"): "unexpected 'enum', expected enum
 * specifier". Work-around: blank the attribute (rewrite.go); cc/v4 ignores
 * packed enums anyway. */
#define __packed __attribute__((__packed__))

enum __packed dev_states {
	QAIC_OFFLINE,
	QAIC_ONLINE,
};
enum dev_states state = QAIC_ONLINE;
