/* text.c -- an argument's text as the finder uses it: one-line copies for
 * inserted text (comments dropped, blanks collapsed) and for reports, and the
 * tests decisions make on it: NULL pointer constant, side-effect-free key,
 * string literal.
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

/* The text of [start,end) made fit to be copied into one line: comments
 * dropped and every run of blanks and newlines (and backslash-newlines)
 * collapsed to one space, literals untouched.  Copies go into inserted text,
 * which must never add a line. */
char *text_one_line(const finder *f, size_t start, size_t end) {
  rw_buf b = {0};
  const char *s = f->src;
  bool space = false;
  size_t i = start;
  while (i < end) {
    char c = s[i];
    if (c == '"' || c == '\'') {
      bool closed;
      size_t j = lex_literal_end(s, end, i, &closed);
      if (space && b.len)
        rw_buf_add(&b, " ", 1);
      space = false;
      rw_buf_add(&b, s + i, j - i);
      i = j;
      continue;
    }
    size_t j = lex_skip_space(s, end, i);
    if (j > i) {
      space = true;
      i = j;
      continue;
    }
    if (space && b.len)
      rw_buf_add(&b, " ", 1);
    space = false;
    rw_buf_add(&b, &c, 1);
    i++;
  }
  if (!b.data)
    rw_buf_add(&b, "", 0);
  return b.data;
}

/* A short one-line rendering of an expression for reports, even when its
 * range could not be edited. */
char *text_display(const finder *f, CXCursor expr) {
  CXSourceRange ext = clang_getCursorExtent(expr);
  loc_info s = loc_locate(f, clang_getRangeStart(ext));
  loc_info e = loc_locate(f, clang_getRangeEnd(ext));
  if (!s.in_main || !e.in_main || e.offset <= s.offset || e.offset - s.offset > 200)
    return rw_xstrdup("?");
  rw_buf b = {0};
  for (size_t i = s.offset; i < e.offset; i++) {
    char c = f->src[i];
    if (c == '\n' || c == '\t' || c == '\r')
      c = ' ';
    if (c == ' ' && b.len && b.data[b.len - 1] == ' ')
      continue;
    rw_buf_add(&b, &c, 1);
  }
  return b.data;
}

char *text_shown(const finder *f, CXCursor expr, text_range r, size_t *where) {
  if (r.ok) {
    *where = r.start;
    return text_one_line(f, r.start, r.end);
  }
  *where = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(expr))).offset;
  return text_display(f, expr);
}

static enum CXChildVisitResult first_expr_visitor(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  if (!clang_isExpression(clang_getCursorKind(c)))
    return CXChildVisit_Continue; /* a cast's type reference */
  *(CXCursor *)d = c;
  return CXChildVisit_Break;
}

/* Whether an expression is a null pointer constant, looking through
 * parentheses, casts and implicit conversions (NULL in a macro body). */
bool text_is_null_constant(CXCursor c) {
  for (int guard = 0; guard < 16; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_IntegerLiteral) {
      CXEvalResult r = clang_Cursor_Evaluate(c);
      bool zero =
          r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
      if (r)
        clang_EvalResult_dispose(r);
      return zero;
    }
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
      return false;
    CXCursor child = clang_getNullCursor();
    clang_visitChildren(c, first_expr_visitor, &child);
    if (clang_Cursor_isNull(child))
      return false;
    c = child;
  }
  return false;
}

/* Whether argument text is a null pointer constant as people write it:
 * NULL, 0, nullptr, possibly parenthesised or cast ("(uv_close_cb)NULL",
 * "((void *)0)").  Casts and parentheses are peeled from the front. */
bool text_is_null(const char *t) {
  size_t start = 0, end = strlen(t);
  for (;;) {
    while (start < end && t[start] == ' ')
      start++;
    while (end > start && t[end - 1] == ' ')
      end--;
    if (start >= end || t[start] != '(')
      break;
    /* The group opened here: "(X)" spanning everything, or a cast "(T)x". */
    int depth = 0;
    size_t close = start;
    for (; close < end; close++) {
      depth += t[close] == '(';
      depth -= t[close] == ')';
      if (depth == 0)
        break;
    }
    if (close >= end)
      return false;
    if (close == end - 1) { /* "(X)": look inside */
      start++;
      end--;
    } else {
      start = close + 1; /* a cast: look at the operand */
    }
  }
  size_t n = end - start;
  const char *w = t + start;
  return (n == 4 && memcmp(w, "NULL", 4) == 0) || (n == 1 && w[0] == '0') ||
         (n == 7 && memcmp(w, "nullptr", 7) == 0);
}

/* A key is evaluated twice after rewriting (in the call and in the binding),
 * so it must have no side effects: no ++/--, assignment, or function call. */
bool text_key_is_pure(const char *t) {
  for (const char *p = t; *p; p++) {
    if ((p[0] == '+' && p[1] == '+') || (p[0] == '-' && p[1] == '-'))
      return false;
    if (p[0] == '=' && p[1] != '=' && (p == t || !strchr("=!<>", p[-1])))
      return false;
    if (p[0] == '(' && p > t) {
      const char *q = p;
      while (q > t && q[-1] == ' ')
        q--;
      /* A call, unless the name is exactly sizeof (not my_sizeof). */
      bool is_sizeof = q - t >= 6 && memcmp(q - 6, "sizeof", 6) == 0 &&
                       (q - t == 6 || !lex_is_ident_char(q[-7]));
      if (q > t && lex_is_ident_char(q[-1]) && !is_sizeof)
        return false;
    }
  }
  return true;
}

/* Whether t is exactly one string literal (a keyed slot): lex.h's literal
 * rule, so "a" "b" and an escaped last quote are not. */
bool text_is_string_literal(const char *t) {
  size_t n = strlen(t);
  bool closed;
  return n >= 2 && t[0] == '"' && lex_literal_end(t, n, 0, &closed) == n && closed;
}
