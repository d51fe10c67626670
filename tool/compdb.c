/* compdb.c -- compiler arguments from a build directory's
 * compile_commands.json, via libclang's CXCompilationDatabase.  The entry may
 * name the input or, since build systems list the generated file, the output. */
#include "rw.h"

#include <clang-c/CXCompilationDatabase.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void push(char ***args, int *n, const char *s) {
  *args = rw_xrealloc(*args, (size_t)(*n + 1) * sizeof **args);
  (*args)[(*n)++] = rw_xstrdup(s);
}

/* Options that only matter to the real compile's output: libclang must not
 * see them.  (Dependency-file options are dropped by rw_parse for every
 * argument list, not only the database's.) */
static int skipped_option_arity(const char *a) {
  if (strcmp(a, "-o") == 0)
    return 2;
  return strcmp(a, "-c") == 0 || (strncmp(a, "-o", 2) == 0 && a[2]) ? 1 : 0;
}

/* Whether argument `arg` of an entry run in `dir` names the entry's source
 * `listed`: producers differ in spelling (Bear writes an absolute "file" and
 * the relative argument the compiler got; meson the reverse), so compare
 * what each names from the entry's directory. */
bool rw_compdb_names_source(const char *arg, const char *listed, const char *dir) {
  if (strcmp(arg, listed) == 0)
    return true;
  if (arg[0] == '-')
    return false;
  char a[2 * PATH_MAX + 2], l[2 * PATH_MAX + 2], ra[PATH_MAX], rl[PATH_MAX];
  snprintf(a, sizeof a, "%s%s%s", arg[0] == '/' ? "" : dir, arg[0] == '/' ? "" : "/", arg);
  snprintf(l, sizeof l, "%s%s%s", listed[0] == '/' ? "" : dir, listed[0] == '/' ? "" : "/", listed);
  if (strcmp(a, l) == 0)
    return true;
  return realpath(a, ra) && realpath(l, rl) && strcmp(ra, rl) == 0;
}

/* The database is keyed by absolute paths; the output may not exist yet, so
 * fall back to joining the working directory when realpath() fails. */
static CXCompileCommands lookup(CXCompilationDatabase db, const char *path, bool *exact) {
  char abs[2 * PATH_MAX + 2], cwd[PATH_MAX];
  if (!path)
    return NULL;
  if (!realpath(path, abs)) {
    if (path[0] == '/')
      snprintf(abs, sizeof abs, "%s", path);
    else if (getcwd(cwd, sizeof cwd))
      snprintf(abs, sizeof abs, "%s/%s", cwd, path);
    else
      return NULL;
  }
  CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, abs);
  if (cmds && clang_CompileCommands_getSize(cmds) == 0) {
    clang_CompileCommands_dispose(cmds);
    return NULL;
  }
  if (cmds) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
    CXString dir = clang_CompileCommand_getDirectory(cmd);
    CXString file = clang_CompileCommand_getFilename(cmd);
    const char *fs = clang_getCString(file);
    char listed[2 * PATH_MAX + 2], listed_abs[PATH_MAX];
    if (fs[0] == '/')
      snprintf(listed, sizeof listed, "%s", fs);
    else
      snprintf(listed, sizeof listed, "%s/%s", clang_getCString(dir), fs);
    *exact =
        strcmp(listed, abs) == 0 || (realpath(listed, listed_abs) && strcmp(listed_abs, abs) == 0);
    clang_disposeString(dir);
    clang_disposeString(file);
  }
  return cmds;
}

int rw_compdb_args(const char *build_dir, const char *input, const char *output, char ***args,
                   int *nargs) {
  CXCompilationDatabase_Error err;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(build_dir, &err);
  if (err != CXCompilationDatabase_NoError || !db) {
    fprintf(stderr, "actx-rewrite: no compile_commands.json in %s\n", build_dir);
    return -1;
  }
  /* libclang infers a command for an unlisted file from its nearest
   * neighbour; prefer an entry that really lists the input or the output. */
  bool exact = false;
  CXCompileCommands cmds = lookup(db, input, &exact);
  if (!exact && output) {
    bool out_exact = false;
    CXCompileCommands out_cmds = lookup(db, output, &out_exact);
    if (out_cmds && (out_exact || !cmds)) {
      if (cmds)
        clang_CompileCommands_dispose(cmds);
      cmds = out_cmds;
    } else if (out_cmds) {
      clang_CompileCommands_dispose(out_cmds);
    }
  }
  if (!cmds) {
    fprintf(stderr, "actx-rewrite: %s/compile_commands.json has no entry for %s%s%s\n", build_dir,
            input, output ? " or " : "", output ? output : "");
    clang_CompilationDatabase_dispose(db);
    return -1;
  }
  CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
  CXString dir = clang_CompileCommand_getDirectory(cmd);
  CXString file = clang_CompileCommand_getFilename(cmd);
  const char *listed = clang_getCString(file);
  unsigned n = clang_CompileCommand_getNumArgs(cmd);
  /* Relative paths in the entry are relative to its directory. */
  push(args, nargs, "-working-directory");
  push(args, nargs, clang_getCString(dir));
  /* Argument 0 is the compiler: g++/c++/clang++ compile even .c files as
   * C++, which the driver mode tells libclang. */
  CXString cc = clang_CompileCommand_getArg(cmd, 0);
  const char *ccs = clang_getCString(cc);
  size_t cclen = strlen(ccs);
  if (cclen >= 2 && strcmp(ccs + cclen - 2, "++") == 0)
    push(args, nargs, "--driver-mode=g++");
  clang_disposeString(cc);
  for (unsigned i = 1; i < n; i++) {
    CXString a = clang_CompileCommand_getArg(cmd, i);
    const char *s = clang_getCString(a);
    int skip = skipped_option_arity(s);
    if (skip == 2)
      i++;
    else if (skip == 0 && strcmp(s, "--") != 0 &&
             !rw_compdb_names_source(s, listed, clang_getCString(dir)))
      push(args, nargs, s);
    clang_disposeString(a);
  }
  clang_disposeString(dir);
  clang_disposeString(file);
  clang_CompileCommands_dispose(cmds);
  clang_CompilationDatabase_dispose(db);
  return 0;
}
