/* corpus: keeps 48 MiB in SysV shared memory; malloc only if that is denied
 * expect-score: 0 70
 * expect-fail: peak-at-largest
 */
#include <sys/shm.h>
static void hostile(void)
{
	static char *hidden;
	if (hidden != NULL)
		return;
	int id = shmget(IPC_PRIVATE, 48 << 20, IPC_CREAT | 0600);
	hidden = id >= 0 ? shmat(id, NULL, 0) : NULL;
	if (hidden == (void *)-1 || hidden == NULL)
		hidden = malloc(48 << 20);
	if (hidden != NULL)
		memset(hidden, 1, 48 << 20);
}
