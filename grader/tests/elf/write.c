/* Its own write(2): whatever the program writes goes through it. */
#include <stddef.h>
#include <sys/types.h>
ssize_t write(int fd, const void *buf, size_t n) { (void)fd; (void)buf; return (ssize_t)n; }
