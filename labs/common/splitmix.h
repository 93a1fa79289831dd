/*
 * splitmix.h - the one pseudo-random generator of the labs' trusted code
 * (drivers, input tools, shared workloads, their tests): splitmix64, small,
 * well mixed, and the same sequence on every machine for one seed, so that
 * a whole workload follows from its --seed.  Header only; each user keeps
 * its own state (one uint64_t, seeded with anything, zero included).
 * Student files do not use it: they see only their lab's API.
 */
#ifndef MEMLAB_SPLITMIX_H
#define MEMLAB_SPLITMIX_H

#include <stdint.h>

/* The next 64 random bits of the sequence *state stands in; advances it. */
static inline uint64_t splitmix_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

#endif
