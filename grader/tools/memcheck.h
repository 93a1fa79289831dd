/*
 * memcheck.h - reads what memcheck writes: its errors and leaks from its
 * XML output (--xml=yes, protocol 4: a versioned format, not English
 * phrases, so neither a locale nor a reworded message can change a
 * verdict), and the descriptors open at exit from its text log, because
 * valgrind 3.19's XML carries nothing of --track-fds.  Neighbours:
 * measure.c runs memcheck with --leak-check=full --show-leak-kinds=all
 * --errors-for-leak-kinds=none --track-fds=yes, the XML on one descriptor
 * and the text log on another; expat parses the XML.
 *
 * What the XML holds that we read:
 *   <protocolversion>4</protocolversion> <protocoltool>memcheck</protocoltool>
 *   <status><state>FINISHED</state>  (the last status: the run ended; a run
 *                                      that did not has no such status)
 *   <error><kind>Leak_DefinitelyLost</kind><xwhat><leakedbytes>N</leakedbytes>
 *                                     one loss record; with all leak kinds
 *                                     shown, their sum is the heap in use,
 *                                     except that a definitely-lost record's
 *                                     N also holds the indirectly lost bytes
 *                                     hanging off it (taken out once here)
 *   <errorcounts><pair><count>N</count>  errors (leaks are not errors here)
 */
#ifndef GRADER_MEMCHECK_H
#define GRADER_MEMCHECK_H

#include <stddef.h>
#include <stdint.h>

#define MEMCHECK_XML_PROTOCOL 4 /* the one version whose layout this reader knows */

struct memcheck_result {
	uint64_t errors;          /* memory errors (ERROR SUMMARY's count), leaks excluded */
	uint64_t definitely_lost; /* bytes, as LEAK SUMMARY says them: direct only */
	uint64_t indirectly_lost;
	uint64_t possibly_lost;
	uint64_t still_reachable;
	uint64_t in_use_at_exit;  /* the four above together */
	uint64_t loss_records;    /* how many records they came from */
	uint64_t fds_open;        /* from the text log with --track-fds=yes: descriptors the program
				   * opened (not inherited) and left open; 0 without a log */
};

/*
 * Reads xml (required) and log (NULL: no descriptors counted) into m.
 * Returns 0, or -1 with a one-line reason in err: a file that is not
 * memcheck's, of another protocol version, or from a run that did not finish.
 */
int memcheck_read(const char *xml, const char *log, struct memcheck_result *m, char *err, size_t errlen);

#endif
