/*
 * cli.h - what both of grade's command lines (main.c, class/class.c) say
 * the same way, written once.  They read options with getopt_long, with
 * opterr = 0 and ':' first in the short options, so that a refused option
 * comes back as '?' (unknown) or ':' (its value missing) for this to say.
 */
#ifndef MEMLAB_CLI_H
#define MEMLAB_CLI_H

/*
 * After getopt_long returned '?' or ':': one line on stderr naming the
 * option as it was typed, and where help is (help: "grade --help").
 */
void cli_refused_option(char *const *argv, const char *help);

#endif
