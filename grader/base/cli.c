/*
 * cli.c - the command lines' shared words (cli.h).  Neighbours: main.c and
 * class/class.c parse; this only says what getopt_long refused.
 */
#include "base/cli.h"

#include <getopt.h>
#include <stdio.h>

void cli_refused_option(char *const *argv, const char *help)
{
	/* optopt names a short option; for a long one it is 0 and argv[optind - 1] is what was typed */
	if (optopt > 0 && optopt < 256)
		fprintf(stderr, "grade: unknown or incomplete option '-%c' (%s)\n", optopt, help);
	else
		fprintf(stderr, "grade: unknown or incomplete option '%s' (%s)\n", argv[optind - 1], help);
}
