/* parse.c -- builds the libclang translation unit and refuses to go on if the
 * compiler reported any error: a missing header parses with return code 0 and
 * only a fatal diagnostic, and rewriting a half-understood file would silently
 * miss callbacks. */
#include "rw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

CXTranslationUnit rw_parse(CXIndex index, const char *input, char *const *args, int nargs) {
  CXTranslationUnit tu = NULL;
  /* DetailedPreprocessingRecord: not needed; KeepGoing keeps the AST after
   * errors but we stop on any error anyway. */
  unsigned opts = CXTranslationUnit_KeepGoing;
  enum CXErrorCode rc = clang_parseTranslationUnit2(index, input, (const char *const *)args,
                                                    nargs, NULL, 0, opts, &tu);
  if (rc != CXError_Success || !tu) {
    fprintf(stderr, "%s: error: libclang could not parse the file (error %d)\n", input, (int)rc);
    return NULL;
  }
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
