/*
 * limits.h - every limit the grader enforces, in one place.  The grader
 * runs code it cannot trust, so every buffer, child and file it handles is
 * bounded by a number named here.  Neighbours: child.c (process limits),
 * massif.c, kcg.c, memcheck.c (input limits), spec.c (spec limits).
 */
#ifndef GRADER_LIMITS_H
#define GRADER_LIMITS_H

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x) /* a limit as text, for a command line */

#define KIB (1024ull)
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)

/* The lab spec. */
#define SPEC_MAX_SIZES      16   /* workload sizes in one lab */
#define SPEC_MAX_CRITERIA   32   /* [criterion ...] sections */
#define SPEC_NAME_MAX       64   /* a criterion's, program's or file's name */
#define SPEC_TEXT_MAX       160  /* title, unit */
#define SPEC_JITTER_MAX     50   /* percent a size may vary by, per grading */
#define SPEC_NOFILE_MIN     16   /* lab.ini's nofile: room for stdio, the driver's input and a few more */
#define SPEC_FILE_MAX       (64 * KIB) /* a lab.ini we agree to read (the labs' are under 3 KiB) */
/*
 * inih, as Debian builds it, reads a line into INI_MAX_LINE (200) bytes and
 * a section name into MAX_SECTION (50).  It does not refuse more: a longer
 * line is cut and its tail read as a line of its own (a long comment could
 * end in `points = 1000`), a longer section name is cut (two long criterion
 * names would be one).  spec.c refuses both before inih sees them.
 */
#define SPEC_LINE_MAX       197  /* bytes of one line, without "\r\n": INI_MAX_LINE - 3 ('\r', '\n', NUL) */
#define SPEC_SECTION_MAX    50   /* a [section] name, with its NUL: inih's MAX_SECTION */
/*
 * A fit's threshold is a growth exponent: 0 flat, 1 linear, 2 quadratic, 3
 * cubic.  One above this is a slip (a percentage, a forgotten unit) that
 * every submission passes (max) or none does (min).
 */
#define SPEC_FIT_EXPONENT_MAX 4

/* Reading valgrind's files: anything longer or bigger is not valgrind's. */
#define READ_LINE_MAX       (64 * KIB)  /* one line of a massif/callgrind/memcheck file */
#define MASSIF_MAX_SNAPSHOTS 200        /* passed as --max-snapshots; a file with more is rejected */
#define MEMCHECK_XML_DEPTH  32          /* elements nested in memcheck's XML we follow (it nests 5 deep) */
#define MEMCHECK_XML_TEXT   64          /* the text of one element we read (a number, a kind) */
#define XML_READ_CHUNK      (64 * KIB)  /* bytes handed to the XML parser at once */
#define TOOL_FILE_MAX       (256 * MIB) /* a valgrind output file we agree to read */
#define ELF_OBJECT_MAX      (16 * MIB)  /* the object compiled from one submitted file */
#define ELFSCAN_WHAT_MAX    64          /* one finding's name in struct elfscan, with its NUL */
#define ELFSCAN_LOOKUP_MAX  256         /* a versioned name ("malloc@@GLIBC_2.2.5") looked up by its base; no library exports a longer one */
#define CHECK_ARCHIVE_MAX   (64 * MIB)  /* the Check archive (libcheck_pic.a) whose symbol index elfscan reads */
#define CHECK_INDEX_MAX     (4 * MIB)   /* that symbol index, the archive's first member */

/* Children. */
#define CHILD_OUTPUT_KEEP   (256 * KIB) /* bytes of a child's stdout or stderr kept; the rest is drained and counted */
#define TOOL_OUTPUT_KEEP    (64 * MIB)  /* of a valgrind output (massif, xtree, memcheck, callgrind): more is "cut" */
#define TRANSCRIPT_KEEP     (64 * MIB)  /* of a test transcript (labs/common/check_main.c) */
#define CHILD_FILE_LIMIT    (1 * GIB)   /* RLIMIT_FSIZE: largest file a child may write */
#define CHILD_MAX_ARGS      32          /* argv entries the grader builds for one run */
#define CHILD_KILL_GRACE_MS 200         /* after a group kill, how long output is still drained */
#define CHILD_TERM_GRACE_S  4           /* Ctrl-C: how long a graceful child (a grading) may clean up */
#define CHILD_EXTRA_STREAMS 3           /* outputs of a child besides stdout and stderr */
#define CHILD_ENV_MAX       10          /* extra "KEY=value" entries of a child */
#define CHART_ARGS_MAX      10          /* words gnuplot is given for one chart (gnuplot.h) */
/*
 * A child's file descriptors: it may open CHILD_NOFILE (its soft limit);
 * the grader's extra output pipes sit at CHILD_HIGH_FD and up, above that
 * limit, where valgrind keeps its own and refuses the guest any access
 * (a program under valgrind cannot write, close or dup them).  Before the
 * moves, every descriptor is parked at CHILD_FD_SCRATCH and up.
 */
#define CHILD_NOFILE        1024
#define CHILD_ARGS_FD       5           /* a lab program's words (labs/common/workload.h: WORKLOAD_ARGS_FD) */
#define CHILD_CHECKPOINT_FD 1102        /* where valgrind writes a checkpoint's snapshot (workload.h) */
#define CHILD_HIGH_FD       1100
#define CHILD_HIGH_FD_2     1101        /* a second one (massif's xtree file, memcheck's text log); as a literal for STRINGIFY */
#define CHILD_FD_SCRATCH    1200
#define JOBS_MAX            128         /* children one round of a grading runs; >= 7 per size + 1 */

/* The sandbox (sandbox.h): what one untrusted child may use. */
#define SANDBOX_USERS         16            /* children that can run at once, machine-wide */
#define SANDBOX_MEMORY_CAP    (4ull << 30)  /* bytes, per child: cgroup memory, or RLIMIT_AS */
#define SANDBOX_PROCESS_CAP   64            /* processes per child (cgroup pids and RLIMIT_NPROC) */
#define SANDBOX_CGROUP_MAX    256           /* path of one cgroup */
#define SANDBOX_DISK_CAP      "1g"          /* tmpfs size of the submission's folder */
#define SANDBOX_TRUSTED_DISK_CAP "256m"     /* ...and of the trusted tests' run folders: apart, so that a
					     * submission that fills its disk cannot fail the lab's own tests */
#define SANDBOX_INODE_CAP     "65536"       /* files and folders it may hold */
#define SANDBOX_BINDS_MAX     8             /* folders a grading shows its children */
#define SANDBOX_SYSTEM_MAX    12            /* system folders and links in a child's view */

/* One grading (grade.h, buildcache.h, kcg.c, fsutil.c). */
#define FLAGS_MAX           8           /* flags one grading raises */
#define BUILDCACHE_ENTRIES  32          /* reference and pitfall builds kept between gradings */
#define KCG_MAX_EVENTS      16          /* events: in a callgrind or xtree file */
#define FS_STALE_AGE_S      30          /* a scratch folder unlocked this long is a dead grading's */

/* Wall-clock limits, seconds (CPU limits are the same plus a margin). */
#define TIMEOUT_BUILD_S     120
#define TIMEOUT_INPUT_S     60
#define TIMEOUT_TOOL_S_DEFAULT 120      /* one valgrind run, unless lab.ini says timeout */
#define TIMEOUT_GNUPLOT_S   30
/*
 * A grading's deadline: from the start of the build, no untrusted child
 * runs past it (lab.ini: deadline).  A hung submission is graded in the
 * deadline plus the grader's own few seconds; an honest one takes 3-10 s.
 */
#define GRADING_DEADLINE_S_DEFAULT 75
#define GRADING_DEADLINE_MAX_S     80
#define CPU_LIMIT_MARGIN_S  5

/*
 * Memory hidden from malloc: a run is flagged when its native memory peak
 * (its cgroup's, which counts heap, stack, static data, tmpfs files, shared
 * memory and pipe buffers; resident memory where there is no cgroup),
 * beyond the same build doing no work, exceeds massif's heap peak by more
 * than HIDDEN_MARGIN_PERCENT of it plus the lab's margin (room for the
 * allocator's own pages, stacks and the C library's buffers).  The percent
 * is glibc's worst case against massif's count: a malloc(8) costs glibc a
 * 32 B chunk, massif 24 B (16 rounded up plus 8 of admin), so a heap of
 * tiny blocks really takes a third more than massif says.  The
 * submission's own static data (.data, .bss) may not exceed STATIC_DATA_MAX.
 */
#define HIDDEN_MARGIN_PERCENT 34
#define HIDDEN_MARGIN_BYTES   (2 * MIB)    /* the default; lab.ini's hidden_margin sizes it to the lab */
#define HIDDEN_MARGIN_MAX     (64 * MIB)
/*
 * The tests' workload case against the graded run of the same workload:
 * flagged when the tests' figure is more than WORKLOAD_FACTOR times the
 * graded run's, plus WORKLOAD_SLACK for what Check itself allocates there.
 */
#define WORKLOAD_FACTOR       2
#define WORKLOAD_SLACK        (64 * KIB)
/* Static data (.data, .bss) the submission's own file may define: an exact
 * figure (its object file), so a tight one; the labs' answers need 0 to 32 B. */
#define STATIC_DATA_MAX       (64 * KIB)

/*
 * Class mode (class.h): a whole class graded by one command.  A class
 * folder, a student's archive and the files a merge reads are the
 * instructor's, but their contents come from students: every count and
 * size is bounded here.
 */
#define CLASS_STUDENTS_MAX  4096        /* student folders in one class */
#define CLASS_LABS_MAX      32          /* labs graded in one class run */
#define CLASS_NAME_MAX      128         /* a student's folder name, bytes */
#define CLASS_NOTE_MAX      512         /* what went wrong with one student or one lab, one line */
#define CLASS_PROBLEMS_MAX  256         /* class-level problems listed (stray files, bad names) */
#define CLASS_JOBS_MAX      64          /* gradings at once (-j); as root also at most SANDBOX_USERS */
#define CLASS_GRADING_TIMEOUT_S 3600    /* one whole grading, wall clock */
#define CLASS_JSON_MAX      (64 * MIB)  /* a class.json or results.json class mode agrees to read */
#define CLASS_PARTS_MAX     256         /* outputs one merge joins */
#define ARCHIVE_MAX_BYTES   (64 * MIB)  /* a student's archive, all its files extracted */
#define ARCHIVE_MAX_ENTRIES 1024        /* files and folders in it */
#define ARCHIVE_PATH_MAX    512         /* one path inside it */

/* The output folder (outdir.c). */
#define OUT_ENTRIES_MAX     1024        /* files and folders one grading writes there */
#define OUT_MANIFEST        ".memlab-outputs" /* what the last grading wrote, for the next to remove */
#define OUT_LOCK            ".memlab-lock"    /* held while a grading writes the folder */

/* Paths and reports. */
#define PATH_CAP            4096
#define REPORT_DETAIL_MAX   512         /* one criterion's explanation line */

#endif
