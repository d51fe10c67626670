/* cc.c -- actx-cc, a compiler wrapper in the ccache mould: CC="actx-cc gcc"
 * rewrites every C source a compile reads with actx-rewrite, then compiles
 * the rewritten copy in its place (docs/integration.md, "Any build: actx-cc").
 *
 * The rules:
 *   - The compiler command is argv[1] and every following word that is not an
 *     option (no leading '-' or '@'), has no input-file extension (.c, .o...)
 *     and names an executable (a path, or a name found in PATH):
 *     "actx-cc ccache gcc -c a.c" runs "ccache gcc".
 *   - Only a compile of C sources to objects or assembly (-c or -S; no -E, -M,
 *     -MM, -fsyntax-only, no @response file) is rewritten; a source is C by
 *     "-x c" or, without -x, by its ".c" extension (a "++" driver compiles .c
 *     as C++: never rewritten).  Anything else execs the compiler unchanged.
 *   - Each C source SRC is rewritten into TMPDIR/actx-cc.UID.HASH/BASENAME,
 *     HASH from the working directory, SRC and -o: the same compile gets the
 *     same path every time (ccache hashes the input path), and the temporary
 *     file keeps SRC's basename, so objects, depfiles and -save-temps files
 *     without -o are named after SRC.  Removed on exit, failure and signals.
 *   - The compile runs the original arguments with each SRC replaced, plus, in
 *     front, -iquote DIR-OF-SRC (what "" includes search first), -fexceptions
 *     and -fdebug-prefix-map=TMP=DIR-OF-SRC, and -I ACTX-INCLUDE at the end.
 *     A source actx-rewrite wrote back byte for byte (nothing to edit) is
 *     compiled as itself, without those three (-I ACTX-INCLUDE stays).
 *   - A depfile (-MD/-MMD: -MF FILE, -Wp,-MD,FILE, or named after -o or SRC)
 *     names the temporary file: every occurrence is replaced by SRC, and the
 *     contract files are added to the first rule's prerequisites.
 *   - Contracts: every .actx-contracts from / down to SRC's directory (nearest
 *     last: later contracts win), then the files in $ACTX_CONTRACTS (a
 *     colon-separated list).
 *   - A failed rewrite fails the compile with actx-rewrite's status, unless
 *     ACTX_CC_FALLBACK=1: then SRC is compiled unrewritten, with a warning.
 *   - actx-rewrite is $ACTX_REWRITE, else the one beside actx-cc, else PATH.
 *   - actx's include directory: the source tree's when actx-cc runs from the
 *     build tree, else EXE_DIR/../include, else the configured install
 *     prefix's (each only if it holds actx.h).
 * Exit status: the compiler's (a signal is re-raised), 2 for a usage error.
 *
 * This file runs the steps; cc.h lists the modules that do them.  actx-cc
 * links no libclang: it runs for every configure probe, and most of its
 * invocations only exec the compiler. */
#include "cc.h"
#include "files.h"

#include "actx_cc_paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char rw_progname[] = "actx-cc"; /* util.h: what its messages start with */

static const char usage_text[] =
    "usage: actx-cc COMPILER [COMPILER ARGS...]\n"
    "\n"
    "A compiler wrapper: CC=\"actx-cc gcc\" (or \"actx-cc ccache gcc\") rewrites\n"
    "each C source of a compile (-c or -S) with actx-rewrite and compiles the\n"
    "rewritten file instead; every other command runs the compiler unchanged.\n"
    "Link with -lactx (pkg-config --libs actx).  docs/integration.md has the rules.\n"
    "\n"
    "Environment:\n"
    "  ACTX_REWRITE      the actx-rewrite to run (default: beside actx-cc, else PATH)\n"
    "  ACTX_CONTRACTS    colon-separated contract files, loaded after every\n"
    "                    .actx-contracts found from / down to the source's directory\n"
    "  ACTX_CC_FALLBACK  1: compile a source that fails to rewrite unrewritten\n"
    "  TMPDIR            where the rewritten files go (default /tmp)\n"
    "\n"
    "actx-cc --help and --version are actx-cc's own only before the compiler:\n"
    "\"actx-cc gcc --version\" is gcc's.\n";

static int usage(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("actx-cc %s\n", ACTX_CC_VERSION);
    return 0;
  }
  fputs(usage_text, stderr);
  return 2;
}

/* Rewrites srcs[i] into its temporary file: 0, or actx-rewrite's wait status. */
static int rewrite(const cc_invocation *inv, int i, const char *rewriter, const char *inc) {
  cc_source *s = &inv->srcs[i];
  if (cc_make_temp(inv, s, i) != 0)
    return 1 << 8;
  cc_argv a = {0};
  cc_push(&a, rewriter);
  cc_push(&a, s->src);
  cc_push(&a, "-o");
  cc_push(&a, s->tmp);
  cc_contract_files(s->dir, &s->contracts);
  for (int k = 0; k < s->contracts.n; k++) {
    cc_push(&a, "--contracts");
    cc_push(&a, s->contracts.v[k]);
  }
  cc_push(&a, "--");
  cc_rewrite_args(inv, &a);
  if (inc) {
    cc_push(&a, "-I");
    cc_push(&a, inc);
  }
  int status = cc_run(a.v);
  free(a.v);
  return status;
}

/* Whether two files hold the same bytes.  actx-rewrite writes a file with
 * nothing to edit back unchanged (no #line): compiling the source itself
 * then keeps diagnostics and __FILE__ naming it. */
static bool same_bytes(const char *a, const char *b) {
  size_t na, nb;
  const char *why;
  char *x = rw_read_file(a, &na, true, &why), *y = rw_read_file(b, &nb, true, &why);
  bool same = x && y && na == nb && memcmp(x, y, na) == 0;
  free(x);
  free(y);
  return same;
}

/* Rewrites every source: 0, or the wait status to exit with. */
static int rewrite_all(cc_invocation *inv, const char *rewriter, const char *inc) {
  const char *fallback = getenv("ACTX_CC_FALLBACK");
  for (int i = 0; i < inv->nsrcs; i++) {
    cc_source *s = &inv->srcs[i];
    int status = rewrite(inv, i, rewriter, inc);
    s->rewritten = status == 0;
    if (s->rewritten) {
      s->unchanged = same_bytes(s->src, s->tmp);
      continue;
    }
    if (!fallback || strcmp(fallback, "1") != 0)
      return status ? status : 1 << 8;
    fprintf(stderr,
            "actx-cc: warning: rewriting %s failed; compiled unrewritten (ACTX_CC_FALLBACK=1)\n",
            s->src);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || argv[1][0] == '-')
    return usage(argc, argv);
  cc_invocation inv = {.cmd = argv + 1, .ncmd = cc_command_words(argc, argv)};
  inv.args = argv + 1 + inv.ncmd;
  inv.nargs = argc - 1 - inv.ncmd;
  cc_parse(&inv);
  if (!inv.compile || inv.other || inv.nsrcs == 0) {
    execvp(argv[1], argv + 1);
    fprintf(stderr, "actx-cc: cannot run %s: %s\n", argv[1], strerror(errno));
    return 127;
  }

  cc_catch_signals(inv.srcs);
  char *exe = cc_exe_dir(argv[0]);
  char *inc = cc_include_dir(exe);
  int status = rewrite_all(&inv, cc_rewriter_path(exe), inc);
  if (status == 0)
    status = cc_run(cc_compile_args(&inv, inc));
  for (int i = 0; i < inv.nsrcs && status == 0; i++) {
    char *depfile = inv.srcs[i].rewritten ? cc_depfile_of(&inv, &inv.srcs[i]) : NULL;
    if (depfile && cc_fix_depfile(depfile, &inv.srcs[i], inv.mp) != 0)
      status = 1 << 8;
    free(depfile);
  }
  return cc_exit_like(status);
}
