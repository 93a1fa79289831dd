/* loses_a_cycle.c - memcheck's reader test (check_grader.c): two blocks that
 * point at each other and a block that alone points at a third, all lost.
 * LEAK SUMMARY says: definitely lost 2 x 112 bytes (the cycle's leader and
 * the chain's head), indirectly lost 112 + 40 bytes (what only they reach). */
#include <stdlib.h>

struct node {
	struct node *next;
	char pad[104];          /* 112 bytes a node */
};

int main(void)
{
	struct node *a = malloc(sizeof *a), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
	void **d = malloc(40);

	if (a == NULL || b == NULL || c == NULL || d == NULL)
		return 1;
	a->next = b;
	b->next = a;
	*d = NULL;
	c->next = (struct node *)d;
	return 0;               /* a, b, c, d die with this frame: nothing points at them */
}
