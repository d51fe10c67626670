/* cc.h -- private to actx-cc: what its modules share.
 *
 *   cc.c          main: classifies the invocation, rewrites, compiles, exits
 *   cc_args.c     the command line: which words are the compiler command,
 *                 what the compile does, the rewrite's and the compile's
 *                 arguments
 *   cc_paths.c    what actx-cc finds itself: actx-rewrite, actx's include
 *                 directory, the contract files
 *   cc_temp.c     the private temporary directories, running children, and
 *                 the signal handler that removes both
 *   cc_depfile.c  the depfile of a compile: finding it, naming the source
 *                 and the contracts in it
 *
 * No libclang (actx-cc is the fast pass-through path for configure probes):
 * buffers, allocation and file reading come from util.h and files.h. */
#ifndef ACTX_TOOL_CC_H
#define ACTX_TOOL_CC_H

#include "util.h"

#include <stdbool.h>

/* A NULL-terminated argument vector that grows (a zeroed one is empty). */
typedef struct {
  char **v;
  int n, cap;
} cc_argv;

void cc_push(cc_argv *a, const char *s);

/* One C source of the compile, and the temporary file it is rewritten into. */
typedef struct {
  int arg; /* its index in the compiler arguments */
  const char *src;
  char *dir;         /* its directory ("." if none) */
  char *tmpdir;      /* private directory in TMPDIR */
  char *tmp;         /* tmpdir/basename(src): what is compiled */
  cc_argv contracts; /* the contract files it was rewritten with */
  bool rewritten;
  bool unchanged; /* rewritten to the same bytes: src itself is compiled */
} cc_source;

/* What one compiler invocation does. */
typedef struct {
  char **cmd; /* the compiler command (ccache gcc) */
  int ncmd;
  char **args; /* its arguments */
  int nargs;
  bool compile;     /* -c or -S */
  bool other;       /* -E, -M, -MM, -fsyntax-only, @file: never rewritten */
  bool md;          /* -MD or -MMD */
  bool mp;          /* -MP */
  const char *out;  /* -o */
  const char *depf; /* -MF, -Wp,-MD,FILE */
  cc_source *srcs;
  int nsrcs;
} cc_invocation;

/* ------------------------------------------------------------ paths (cc_args.c) */

/* The part after the last '/'. */
/* A regular file (and executable by us, if asked). */
bool cc_is_file(const char *path, bool executable);

/* ------------------------------------------------------------ arguments (cc_args.c) */

/* How many words of argv, from argv[1], are the compiler command. */
int cc_command_words(int argc, char **argv);
/* Fills in what inv's arguments ask for, and its C sources. */
void cc_parse(cc_invocation *inv);
/* Appends the arguments actx-rewrite parses a source with. */
void cc_rewrite_args(const cc_invocation *inv, cc_argv *out);
/* The compile of the rewritten sources (a NULL-terminated argv). */
char **cc_compile_args(const cc_invocation *inv, const char *inc);

/* ------------------------------------------------------------ finding things (cc_paths.c) */

/* The directory actx-cc runs from (malloc'd), or NULL. */
char *cc_exe_dir(const char *argv0);
/* actx's include directory for the rewritten code (malloc'd), or NULL. */
char *cc_include_dir(const char *exe);
/* The actx-rewrite to run (malloc'd). */
char *cc_rewriter_path(const char *exe);
/* Appends the contract files for a source in dir. */
void cc_contract_files(const char *dir, cc_argv *out);

/* ------------------------------------------------------------ temporaries, children (cc_temp.c) */

/* Installs the handlers that remove the temporary files of srcs (and stop
 * the running child) on SIGINT, SIGTERM, SIGHUP and SIGQUIT. */
void cc_catch_signals(cc_source *srcs);
/* Creates s's private directory and names its temporary file (s->tmpdir,
 * s->tmp); s is srcs[i] of cc_catch_signals, taken in order.  0, or -1
 * after printing why. */
int cc_make_temp(const cc_invocation *inv, cc_source *s, int i);
/* Runs argv, waits; returns its wait status (127 if it could not start). */
int cc_run(char **argv);
/* Removes the temporary files, then exits as the wait status says: with
 * the same exit status, or dying of the same signal. */
int cc_exit_like(int status);

/* ------------------------------------------------------------ depfiles (cc_depfile.c) */

/* The depfile the compile of s writes (malloc'd), or NULL. */
char *cc_depfile_of(const cc_invocation *inv, const cc_source *s);
/* Puts s's name and its contract files in depfile in place of the temporary
 * file's: 0, or -1 after printing why. */
int cc_fix_depfile(const char *depfile, const cc_source *s, bool mp);

#endif
