/*
 * main.c - the memo lab's driver (trusted lab code: students do not edit it).
 * Neighbours: stream.h (the service it runs: key stream, slow function,
 * request loop), cache.h (the cache it uses), cache.c / pitfall.c / the
 * solution (whichever implementation is linked), ../common/workload.c.
 *
 *	memo --size QUERIES --seed S
 *
 * Serves QUERIES requests through a cache of CACHE_DRIVER_ENTRIES entries
 * and prints what the service got and what the cache achieved.  stdout is
 * the graded output: the answers' checksum (the same for every correct
 * cache), then hits, misses and evictions, which follow from the cache's
 * policy and bound: cache.h asks for exact LRU with the bound the driver
 * gives, so every correct cache prints the same counts as the reference,
 * and a cache that does not cache, or keeps another number of entries,
 * prints other counts.  The hits and misses are counted here (what
 * cache_get() returned); evictions and entries are the cache's own
 * counters, and the cache's hits and misses must agree with the driver's.
 */
#include "cache.h"
#include "stream.h"
#include "workload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_QUERIES (UINT64_C(1) << 40)

int main(int argc, char **argv)
{
	struct workload w;
	struct cache *cache = NULL;
	struct cache_stats st;
	struct memo_run run;
	int status = 1;

	if (workload_init(argc, argv, &w, "--size QUERIES --seed S") != 0)
		return 1;
	if (w.input != NULL) {
		fprintf(stderr, "memo: reads no input file (got %s)\n", w.input);
		return 1;
	}
	if (w.size == 0 || w.size > MAX_QUERIES) {
		fprintf(stderr, "memo: --size must be 1 .. %" PRIu64 " queries\n",
			MAX_QUERIES);
		return 1;
	}

	cache = cache_create(CACHE_DRIVER_ENTRIES);
	if (cache == NULL) {
		fprintf(stderr, "memo: out of memory creating the cache\n");
		goto out;
	}
	if (memo_serve(cache, w.size, w.seed, &run) != 0) {
		fprintf(stderr, "memo: out of memory after %" PRIu64 " queries\n",
			run.queries);
		goto out;
	}
	cache_read_stats(cache, &st);

	printf("queries: %" PRIu64 "\n", run.queries);
	printf("checksum: %016" PRIx64 "\n", run.checksum);
	printf("hits: %" PRIu64 "\n", run.hits);
	printf("misses: %" PRIu64 " (slow calls)\n", run.misses);
	printf("evictions: %" PRIu64 "\n", st.evictions);
	printf("entries: %zu\n", st.entries);
	if (st.hits != run.hits || st.misses != run.misses)
		printf("cache's counters: hits %" PRIu64 ", misses %" PRIu64
		       " (not what cache_get() returned)\n", st.hits, st.misses);

	if (cache_bound(cache) == CACHE_UNBOUNDED)
		fprintf(stderr, "cache: bound none");
	else
		fprintf(stderr, "cache: bound %zu", cache_bound(cache));
	fprintf(stderr, ", hit rate %.1f%%\n",
		100.0 * (double)run.hits / (double)run.queries);
	status = fflush(stdout) == 0 ? 0 : 1;
out:
	cache_release(cache);
	return status;
}
