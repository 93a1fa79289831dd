/* corpus: leaves files in /tmp, /var/tmp, /dev/shm and /run/lock, unix sockets (a file and an abstract name), SysV semaphores and message queues, a POSIX message queue, a key in the kernel's keyring and a daemon, for a later grading to find; then does the job
 * marker: yes
 * expect-score: 100 100
 */
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
static void bind_socket(const char *path, int abstract)
{
	struct sockaddr_un a;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path + abstract, sizeof a.sun_path - 1, "%s", path);
	if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0)
		listen(s, 1); /* left open: the socket lives as long as we do */
}
static void hostile(void)
{
	static int done;
	char path[256];
	if (done++)
		return;
	static const char *const dirs[] = { "/tmp", "/var/tmp", "/dev/shm", "/run/lock" };
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		snprintf(path, sizeof path, "%s/@MARKNAME@-file", dirs[d]);
		FILE *f = fopen(path, "w");
		if (f != NULL) {
			fputs("for the next grading\n", f);
			fclose(f);
		}
	}
	bind_socket("/tmp/@MARKNAME@-socket", 0);
	bind_socket("@MARKNAME@-abstract", 1);
	semget(0x4d454d4c, 1, IPC_CREAT | 0666);    /* "MEML" */
	msgget(0x4d454d4c, IPC_CREAT | 0666);
	mq_open("/@MARKNAME@-mq", O_CREAT | O_RDWR, 0666, NULL);
	syscall(SYS_add_key, "user", "@MARKNAME@-key", "x", 1, -4 /* KEY_SPEC_USER_KEYRING */);
	if (getenv("MEMLAB_TRANSCRIPT_FD") != NULL && fork() == 0) { /* the tests may fork: a daemon */
		setsid();
		for (;;)
			sleep(100);
	}
}
