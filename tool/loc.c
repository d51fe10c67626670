/* loc.c -- where the finder's expressions are written: libclang locations
 * turned into byte ranges of the main file that can be edited, and whether a
 * macro expands an argument more than once.
 *
 * Locations (libclang 14): clang_getFileLocation gives, for a token from a
 * macro argument, where the argument was written, and for a token from a
 * macro body, where the macro was invoked.  clang_Location_isFromMainFile is
 * 0 for any macro location, which is how we tell the two worlds apart.  The
 * end of a cursor extent whose last token comes from a macro body is moved to
 * the end of the *outermost* expansion, so ends are re-derived lexically when
 * that happens.  Every candidate range is then checked on the bytes (lex.c):
 * balanced brackets, no top-level comma, delimited by ( , ) -- a range that
 * fails is reported as "inside a macro" instead of being edited.
 */
#include "find.h"

#include <stdlib.h>

loc_info loc_locate(const finder *f, CXSourceLocation loc) {
  loc_info li = {0};
  CXFile file = NULL;
  unsigned off = 0, eoff = 0;
  clang_getFileLocation(loc, &file, NULL, NULL, &off);
  li.in_main = file && clang_File_isEqual(file, f->main_file);
  CXFile efile = NULL;
  clang_getExpansionLocation(loc, &efile, NULL, NULL, &eoff);
  li.in_macro = !clang_Location_isFromMainFile(loc);
  li.offset = off;
  li.exp_offset = eoff;
  if (li.offset > f->len || li.exp_offset > f->len)
    li.in_main = false;
  return li;
}

size_t loc_call_start(const finder *f, CXCursor call) {
  return loc_locate(f, clang_getRangeStart(clang_getCursorExtent(call))).offset;
}

/* The byte range of an expression written in the main file, if one exists
 * that can be wrapped without changing anything else. */
static text_range range_of(const finder *f, CXCursor expr, CXCursor call) {
  text_range r = {0};
  CXSourceRange ext = clang_getCursorExtent(expr);
  loc_info s = loc_locate(f, clang_getRangeStart(ext));
  loc_info e = loc_locate(f, clang_getRangeEnd(ext));
  if (!s.in_main || !e.in_main) {
    r.why = "argument is not spelled in this file (macro from a header or token pasting)";
    return r;
  }
  size_t start = s.offset, end = e.offset;
  if (s.in_macro) {
    size_t lex_end = lex_invocation_end(f->src, f->len, s.offset);
    bool top_body = s.exp_offset == s.offset; /* starts a macro written at top level */
    if (top_body && loc_call_start(f, call) == s.offset) {
      r.why = "argument comes from the body of the macro that makes the call";
      return r;
    }
    if (e.in_macro)
      end = e.offset > lex_end ? e.offset : lex_end;
    else if (top_body)
      end = e.offset > lex_end ? e.offset : lex_end;
    else
      end = lex_end; /* the end was moved to the outermost expansion's end */
  } else if (e.in_macro) {
    end = e.offset;
  }
  if (!end || end > f->len || !lex_balanced_argument(f->src, start, end)) {
    r.why = "argument is only partly spelled in this file (inside a macro)";
    return r;
  }
  char before = lex_prev_char(f->src, start);
  size_t after_i = lex_skip_space(f->src, f->len, end);
  char after = after_i < f->len ? f->src[after_i] : '\0';
  if (!(before == '(' || before == ',' || before == '/') ||
      !(after == ')' || after == ',' || after == '/')) {
    r.why = "argument is only partly spelled in this file (inside a macro)";
    return r;
  }
  size_t cs = loc_call_start(f, call);
  if (cs >= start && cs < end) {
    r.why = "argument and the call come from one macro expansion";
    return r;
  }
  /* `#define CB worker, NULL` then f(CB): one expansion is two arguments, and
   * wrapping either would wrap (and repeat) both. */
  int nargs = clang_Cursor_getNumArguments(call), here = 0;
  for (int i = 0; i < nargs; i++) {
    CXCursor a = clang_Cursor_getArgument(call, (unsigned)i);
    size_t at = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(a))).offset;
    here += at >= start && at < end;
  }
  if (here > 1) {
    r.why = "one macro expansion spans several arguments of the call";
    return r;
  }
  r.ok = true;
  r.start = start;
  r.end = end;
  r.expr = expr;
  return r;
}

static enum CXChildVisitResult first_child_visitor(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  *(CXCursor *)d = c;
  return CXChildVisit_Break;
}

CXCursor loc_first_child(CXCursor c) {
  CXCursor child = clang_getNullCursor();
  clang_visitChildren(c, first_child_visitor, &child);
  return child;
}

/* range_of, looking through parentheses and implicit conversions that a
 * macro body added around an argument (evtimer_assign's `(cb)`). */
text_range loc_argument_range(const finder *f, CXCursor expr, CXCursor call) {
  text_range r = range_of(f, expr, call);
  CXCursor c = expr;
  while (!r.ok) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
      break;
    c = loc_first_child(c);
    if (clang_Cursor_isNull(c) || !clang_isExpression(clang_getCursorKind(c)))
      break;
    text_range inner = range_of(f, c, call);
    if (inner.ok)
      return inner;
  }
  return r;
}

/* The text of the whole call, for ACTX_KEYED_BY_RESULT(...): the callee's name
 * and its parenthesised arguments as written, or the invocation of a macro
 * that expands to exactly the call (evtimer_new), perhaps in parentheses.
 * NULL, or why not. */
const char *loc_call_range(const finder *f, const call_site *cs, const char *api, text_range *r) {
  CXCursor call = cs->call;
  loc_info s = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(call)));
  if (!s.in_main)
    return "the call is not spelled in this file";
  CXType rt = clang_getCanonicalType(clang_getCursorType(call));
  const char *refused = NULL;
  if (rt.kind != CXType_Pointer && !rw_key_conversion(rt, &refused))
    return "key=result on a call whose result is neither a pointer nor an integer";
  size_t end = lex_invocation_end(f->src, f->len, s.offset);
  if (!end || f->src[end - 1] != ')' || !lex_balanced_argument(f->src, s.offset, end))
    return "the call is only partly spelled in this file";
  if (!lex_starts_with_word(f->src + s.offset, f->len - s.offset, api)) {
    /* A macro makes the call: wrap its invocation only when nothing but
     * parentheses and conversions lie between the call and the invocation. */
    if (!s.in_macro)
      return "the call is only partly spelled in this file";
    CXCursor p = cs->parent;
    for (int guard = 0; guard < 64; guard++) {
      loc_info pl = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(p)));
      if (!clang_isExpression(clang_getCursorKind(p)) || !pl.in_macro || pl.offset != s.offset)
        break; /* outside the macro */
      enum CXCursorKind k = clang_getCursorKind(p);
      size_t i = 0;
      while (i < f->nparents && !clang_equalCursors(f->parents[i].c, p))
        i++;
      if ((k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr) || i == f->nparents)
        return "the macro making the call expands to more than the call";
      p = f->parents[i].parent;
    }
  }
  r->ok = true;
  r->start = s.offset;
  r->end = end;
  r->expr = call;
  return NULL;
}

/* ------------------------------------------------------------ macro reuse */

leaf_key loc_leaf_key(const finder *f, CXCursor c) {
  CXSourceRange ext = clang_getCursorExtent(c);
  leaf_key k = {loc_locate(f, clang_getRangeStart(ext)).offset,
                loc_locate(f, clang_getRangeEnd(ext)).offset, (int)clang_getCursorKind(c)};
  return k;
}

int loc_leaf_cmp(const void *a, const void *b) {
  const leaf_key *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (x->kind > y->kind) - (x->kind < y->kind);
}

/* How many expressions of the AST came from the same macro-argument tokens as
 * expr: more than one means the macro expands its argument twice, and
 * wrapping it there would bind twice (and evaluate twice). */
size_t loc_macro_argument_uses(const finder *f, CXCursor expr) {
  CXCursor c = expr;
  leaf_key k = loc_leaf_key(f, c);
  for (;;) { /* descend to the innermost node with the same extent */
    CXCursor child = loc_first_child(c);
    if (clang_Cursor_isNull(child) || !clang_isExpression(clang_getCursorKind(child)))
      break;
    leaf_key ck = loc_leaf_key(f, child);
    if (ck.start != k.start || ck.end != k.end)
      break;
    c = child;
    k = ck;
  }
  size_t n = 0;
  leaf_key *hit = bsearch(&k, f->leaves, f->nleaves, sizeof k, loc_leaf_cmp);
  if (!hit)
    return 1;
  while (hit > f->leaves && loc_leaf_cmp(hit - 1, &k) == 0)
    hit--;
  while (hit < f->leaves + f->nleaves && loc_leaf_cmp(hit, &k) == 0) {
    n++;
    hit++;
  }
  return n;
}
