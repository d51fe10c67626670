/* find.c -- the finder's entry point: walks the translation unit's
 * top-level declarations of the main file, collects their call expressions
 * (and what macro reuse and key=result need to know) and its stores, then
 * has decide.c decide each call and fields.c each store, in source order.
 *
 * The finder's other files: loc.c (locations, byte ranges, macro reuse),
 * text.c (argument text), decide.c (the decisions), and for thunk signatures
 * emit.c; the byte-level lexing is lex.c's.
 */
#include "find.h"

#include <stdlib.h>

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData d) {
  finder *f = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (clang_isExpression(k)) {
    CXSourceLocation sl = clang_getRangeStart(clang_getCursorExtent(c));
    loc_info li = loc_locate(f, sl);
    if (li.in_main && li.in_macro && li.offset != li.exp_offset) {
      if (f->nleaves == f->leaves_cap) {
        f->leaves_cap = f->leaves_cap ? f->leaves_cap * 2 : 256;
        f->leaves = rw_xrealloc(f->leaves, f->leaves_cap * sizeof *f->leaves);
      }
      f->leaves[f->nleaves++] = loc_leaf_key(f, c);
    }
    /* A call from a macro body wrapped whole (result keys) needs to see what
     * the macro puts around it. */
    if (li.in_main && li.in_macro && (k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr)) {
      if (f->nparents == f->parents_cap) {
        f->parents_cap = f->parents_cap ? f->parents_cap * 2 : 64;
        f->parents = rw_xrealloc(f->parents, f->parents_cap * sizeof *f->parents);
      }
      f->parents[f->nparents++] = (parent_of){c, parent};
    }
  }
  if (fields_wanted(c, k, parent)) {
    if (f->nstores == f->stores_cap) {
      f->stores_cap = f->stores_cap ? f->stores_cap * 2 : 64;
      f->stores = rw_xrealloc(f->stores, f->stores_cap * sizeof *f->stores);
    }
    f->stores[f->nstores++] = (store_site){
        c, k == CXCursor_InitListExpr ? parent : clang_getNullCursor(), f->top, f->ncalls};
  }
  if (k == CXCursor_CallExpr) {
    if (f->ncalls == f->calls_cap) {
      f->calls_cap = f->calls_cap ? f->calls_cap * 2 : 256;
      f->calls = rw_xrealloc(f->calls, f->calls_cap * sizeof *f->calls);
    }
    f->calls[f->ncalls++] = (call_site){c, parent, f->top};
  }
  return CXChildVisit_Recurse;
}

static enum CXChildVisitResult collect_top(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  finder *f = d;
  loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(c)));
  if (!li.in_main)
    return CXChildVisit_Continue; /* headers are never edited */
  if (clang_getCursorLanguage(c) == CXLanguage_CPlusPlus)
    f->cplusplus = true;
  f->top = c;
  clang_visitChildren(c, collect, f);
  return CXChildVisit_Continue;
}

void rw_find(CXTranslationUnit tu, rw_job *job) {
  finder f = {0};
  f.job = job;
  f.tu = tu;
  f.src = job->source;
  f.len = job->source_len;
  f.cplusplus = job->cplusplus;
  CXString spelling = clang_getTranslationUnitSpelling(tu);
  f.main_file = clang_getFile(tu, clang_getCString(spelling));
  clang_disposeString(spelling);
  job->thunks.first_id = rw_thunks_first_free_id(job->source);
  if (!lex_lines_build(&f.lines, f.src, f.len))
    rw_out_of_memory();
  clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_top, &f);
  if (f.nleaves) /* qsort(NULL, 0, ...) is undefined */
    qsort(f.leaves, f.nleaves, sizeof *f.leaves, loc_leaf_cmp);
  /* Calls and stores in the order the walk met them. */
  size_t st = 0;
  for (size_t i = 0; i <= f.ncalls; i++) {
    for (; st < f.nstores && f.stores[st].before_call <= i; st++)
      fields_decide(&f, &f.stores[st]);
    if (i < f.ncalls)
      decide_call(&f, &f.calls[i]);
  }
  rw_settle_param_stores(job);
  free(f.calls);
  free(f.stores);
  free(f.leaves);
  free(f.parents);
  lex_lines_free(&f.lines);
}
