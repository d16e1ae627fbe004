/* GNU alignof of an unparenthesised expression (drivers/vhost/vhost.c:
 * "__alignof__ *vq->avail"): "unexpected '_Alignof', expected unary
 * expression or (type name)". Work-around: parenthesise the operand
 * (rewrite.go). */
struct avail { unsigned short idx; };
struct vq { struct avail *avail; };

int aligned(struct vq *vq)
{
	return __alignof__ *vq->avail > 2;
}
