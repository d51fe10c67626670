/* parse.c -- builds the libclang translation unit and refuses to go on if the
 * compiler reported any error: a missing header parses with return code 0 and
 * only a fatal diagnostic, and rewriting a half-understood file would silently
 * miss callbacks. */
#include "rw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rw_cursor_spelling(CXCursor c) {
  CXString s = clang_getCursorSpelling(c);
  char *r = rw_xstrdup(clang_getCString(s));
  clang_disposeString(s);
  return r;
}

int rw_argument_index(CXCursor call_or_function, CXCursor c) {
  int n = clang_Cursor_getNumArguments(call_or_function);
  for (int i = 0; i < n; i++)
    if (clang_equalCursors(clang_Cursor_getArgument(call_or_function, (unsigned)i), c))
      return i;
  return -1;
}

static void print_diagnostic(CXDiagnostic d) {
  CXSourceLocation loc = clang_getDiagnosticLocation(d);
  CXString file;
  unsigned line = 0, col = 0;
  /* Presumed location: a #line'd input (our own output) reports the original. */
  clang_getPresumedLocation(loc, &file, &line, &col);
  CXString msg = clang_getDiagnosticSpelling(d);
  const char *fname = clang_getCString(file);
  const char *sev = clang_getDiagnosticSeverity(d) == CXDiagnostic_Fatal ? "fatal error" : "error";
  if (fname && *fname)
    fprintf(stderr, "%s:%u:%u: %s: %s\n", fname, line, col, sev, clang_getCString(msg));
  else
    fprintf(stderr, "actx-rewrite: %s: %s\n", sev, clang_getCString(msg));
  clang_disposeString(msg);
  clang_disposeString(file);
}

/* If every error is the driver's "unknown argument 'X'" (a GCC-only flag
 * from a GCC build's compile_commands.json), returns how many such arguments
 * were removed from args; 0 otherwise. */
static int drop_unknown_arguments(CXTranslationUnit tu, char **args, int *nargs) {
  unsigned n = clang_getNumDiagnostics(tu);
  int dropped = 0, other_errors = 0;
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      CXString msg = clang_getDiagnosticSpelling(d);
      const char *m = clang_getCString(msg);
      const char *q = strncmp(m, "unknown argument: '", 19) == 0  ? m + 19
                      : strncmp(m, "unknown argument '", 18) == 0 ? m + 18
                                                                  : NULL;
      size_t len = q ? strcspn(q, "'") : 0;
      int hit = 0;
      for (int k = 0; q && k < *nargs; k++)
        if (strlen(args[k]) == len && strncmp(args[k], q, len) == 0) {
          memmove(args + k, args + k + 1, (size_t)(*nargs - k - 1) * sizeof *args);
          (*nargs)--;
          hit = 1;
          break;
        }
      dropped += hit;
      other_errors += !hit;
      clang_disposeString(msg);
    }
    clang_disposeDiagnostic(d);
  }
  return other_errors ? 0 : dropped;
}

/* How many arguments an option that makes the compiler write a file of its
 * own (a depfile, a compilation-database fragment) takes: libclang's parse
 * runs the same front end and would write it, overwriting the real
 * compile's file.  0: not such an option. */
static int file_writing_option_arity(const char *a) {
  static const char *const with_value[] = {"-MF", "-MT", "-MQ", "-MJ", NULL};
  static const char *const alone[] = {"-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-MV", NULL};
  for (int i = 0; alone[i]; i++)
    if (strcmp(a, alone[i]) == 0)
      return 1;
  for (int i = 0; with_value[i]; i++)
    if (strncmp(a, with_value[i], 3) == 0)
      return a[3] ? 1 : 2; /* -MFfile or -MF file */
  return 0;
}

/* -Wp,A,B,... hands A, B, ... to the preprocessor: drops the depfile
 * requests among them (-MD,FILE and -MMD,FILE, Kbuild's style).  Returns a
 * malloc'd replacement, or NULL when nothing is left. */
static char *strip_wp_depfile(const char *a) {
  rw_buf b = {0};
  rw_buf_puts(&b, "-Wp");
  const char *p = a + 3;
  bool kept = false;
  while (*p == ',') {
    const char *item = p + 1;
    size_t n = strcspn(item, ",");
    p = item + n;
    if ((n == 3 && strncmp(item, "-MD", 3) == 0) || (n == 4 && strncmp(item, "-MMD", 4) == 0)) {
      if (*p == ',') /* and its FILE */
        p += 1 + strcspn(p + 1, ",");
      continue;
    }
    char opt[8] = ""; /* every such option is shorter; a longer item is kept */
    if (n < sizeof opt) {
      memcpy(opt, item, n);
      opt[n] = '\0';
    }
    int arity = file_writing_option_arity(opt);
    if (arity == 2 && *p == ',')
      p += 1 + strcspn(p + 1, ",");
    if (arity)
      continue;
    rw_buf_puts(&b, ",");
    rw_buf_add(&b, item, n);
    kept = true;
  }
  if (!kept) {
    rw_buf_free(&b);
    return NULL;
  }
  return b.data;
}

CXTranslationUnit rw_parse(CXIndex index, const char *input, char *const *user_args, int nuser) {
  /* The user's flags without those that write files, then ours: warnings
   * never stop a rewrite (-Werror in a build's flags, or GCC-only -W options
   * clang does not know). */
  static const char *const ours[] = {"-Wno-error", "-Wno-unknown-warning-option"};
  char **args = rw_xmalloc((size_t)(nuser + 2) * sizeof *args);
  int nargs = 0;
  for (int i = 0; i < nuser; i++) {
    int arity = file_writing_option_arity(user_args[i]);
    if (arity) {
      i += arity - 1;
    } else if (strncmp(user_args[i], "-Wp,", 4) == 0) {
      char *kept = strip_wp_depfile(user_args[i]);
      if (kept)
        args[nargs++] = kept; /* leaked: one-shot process, see main.c */
    } else {
      args[nargs++] = user_args[i];
    }
  }
  args[nargs++] = (char *)ours[0];
  args[nargs++] = (char *)ours[1];
  CXTranslationUnit tu = NULL;
  /* KeepGoing keeps the AST after errors; we stop on any error anyway. */
  unsigned opts = CXTranslationUnit_KeepGoing;
  for (int attempt = 0;; attempt++) {
    enum CXErrorCode rc = clang_parseTranslationUnit2(index, input, (const char *const *)args,
                                                      nargs, NULL, 0, opts, &tu);
    if (rc != CXError_Success || !tu) {
      fprintf(stderr, "%s: error: libclang could not parse the file (error %d)\n", input, (int)rc);
      free(args);
      return NULL;
    }
    if (attempt > 0 || drop_unknown_arguments(tu, args, &nargs) == 0)
      break;
    clang_disposeTranslationUnit(tu); /* retry without the GCC-only flags */
    tu = NULL;
  }
  free(args);
  unsigned n = clang_getNumDiagnostics(tu);
  int errors = 0;
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev >= CXDiagnostic_Error) {
      print_diagnostic(d);
      errors++;
    }
    clang_disposeDiagnostic(d);
  }
  if (errors) {
    fprintf(stderr, "%s: error: %d compiler error%s: nothing written\n", input, errors,
            errors == 1 ? "" : "s");
    clang_disposeTranslationUnit(tu);
    return NULL;
  }
  return tu;
}

typedef struct {
  char **files;
  size_t n, cap;
} file_list;

static void collect_inclusion(CXFile included, CXSourceLocation *stack, unsigned depth,
                              CXClientData data) {
  (void)stack;
  (void)depth;
  file_list *fl = data;
  CXString name = clang_getFileName(included);
  const char *s = clang_getCString(name);
  if (s && *s) {
    for (size_t i = 0; i < fl->n; i++)
      if (strcmp(fl->files[i], s) == 0)
        goto done;
    if (fl->n == fl->cap) {
      fl->cap = fl->cap ? fl->cap * 2 : 32;
      fl->files = rw_xrealloc(fl->files, fl->cap * sizeof *fl->files);
    }
    fl->files[fl->n++] = rw_xstrdup(s);
  }
done:
  clang_disposeString(name);
}

void rw_included_files(CXTranslationUnit tu, char ***files, size_t *n) {
  file_list fl = {0};
  clang_getInclusions(tu, collect_inclusion, &fl);
  *files = fl.files;
  *n = fl.n;
}
