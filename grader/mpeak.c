/*
 * mpeak.c - grader/mpeak: prints the peak heap of massif files, read the
 * way the grader reads them (massif.c).  `make run` in a lab uses it.
 */
#include "tools/massif.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	static const struct option options[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	static const char usage[] = "usage: mpeak MASSIF_FILE...\n"
				    "Prints the peak heap (heap + allocator overhead) of each massif file.\n";
	int rc = 0, o;

	while ((o = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		fputs(usage, o == 'h' ? stdout : stderr);
		return o == 'h' ? 0 : 2;
	}
	if (optind == argc) {
		fputs(usage, stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		struct massif_profile p;
		char err[512];
		if (massif_read(argv[i], &p, err, sizeof err) != 0) {
			fprintf(stderr, "mpeak: %s\n", err);
			rc = 1;
			continue;
		}
		const struct massif_snapshot *s = &p.snaps[p.peak_index];
		printf("peak heap: %" PRIu64 " B (%.1f KiB) = %" PRIu64 " asked for + %" PRIu64
		       " allocator overhead, at snapshot %zu of %s\n",
		       p.peak, (double)p.peak / 1024.0, s->heap, s->extra, p.peak_index, argv[i]);
		massif_release(&p);
	}
	return rc;
}
