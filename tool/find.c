/* find.c -- walks call expressions, finds function-pointer arguments, maps
 * them to byte ranges of the main file and decides what to do with each.
 *
 * Locations (libclang 14): clang_getFileLocation gives, for a token from a
 * macro argument, where the argument was written, and for a token from a
 * macro body, where the macro was invoked.  clang_Location_isFromMainFile is
 * 0 for any macro location, which is how we tell the two worlds apart.  The
 * end of a cursor extent whose last token comes from a macro body is moved to
 * the end of the *outermost* expansion, so ends are re-derived lexically when
 * that happens.  Every candidate range is then checked on the bytes: balanced
 * brackets, no top-level comma, delimited by ( , ) -- a range that fails is
 * reported as "inside a macro" instead of being edited.
 */
#include "rw.h"
#include "lex.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  CXCursor call;
  CXCursor parent;
  CXCursor top;  /* the enclosing top-level declaration */
} call_site;

typedef struct {
  size_t start, end;
  int kind;
} leaf_key;

typedef struct {
  CXCursor c, parent;
} parent_of;

typedef struct {
  rw_job *job;
  CXTranslationUnit tu;
  CXFile main_file;
  const char *src;
  size_t len;
  call_site *calls;
  size_t ncalls, calls_cap;
  leaf_key *leaves;  /* expressions spelled in macro arguments, sorted */
  size_t nleaves, leaves_cap;
  parent_of *parents; /* parens and implicit conversions from macro bodies */
  size_t nparents, parents_cap;
  CXCursor top;      /* during the walk */
  bool cplusplus;    /* C++: the thunk macros are C only (GNU C builtins) */
  lex_lines lines;   /* the main file's, for presumed positions */
} finder;

typedef struct {
  bool ok;
  size_t start, end;
  const char *why;   /* static, when !ok */
  CXCursor expr;     /* the expression the range belongs to */
} text_range;

/* ------------------------------------------------------------ locations */

typedef struct {
  bool in_main;      /* the file location is in the main file */
  bool in_macro;     /* the location itself is a macro location */
  size_t offset;     /* file location offset */
  size_t exp_offset; /* outermost expansion offset */
} loc_info;

static loc_info locate(const finder *f, CXSourceLocation loc) {
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

static size_t call_start_offset(const finder *f, CXCursor call) {
  return locate(f, clang_getRangeStart(clang_getCursorExtent(call))).offset;
}

/* The byte range of an expression written in the main file, if one exists
 * that can be wrapped without changing anything else. */
static text_range range_of(const finder *f, CXCursor expr, CXCursor call) {
  text_range r = {0};
  CXSourceRange ext = clang_getCursorExtent(expr);
  loc_info s = locate(f, clang_getRangeStart(ext));
  loc_info e = locate(f, clang_getRangeEnd(ext));
  if (!s.in_main || !e.in_main) {
    r.why = "argument is not spelled in this file (macro from a header or token pasting)";
    return r;
  }
  size_t start = s.offset, end = e.offset;
  if (s.in_macro) {
    size_t lex_end = lex_invocation_end(f->src, f->len, s.offset);
    bool top_body = s.exp_offset == s.offset; /* starts a macro written at top level */
    if (top_body && call_start_offset(f, call) == s.offset) {
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
  size_t cs = call_start_offset(f, call);
  if (cs >= start && cs < end) {
    r.why = "argument and the call come from one macro expansion";
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

static CXCursor first_child(CXCursor c) {
  CXCursor child = clang_getNullCursor();
  clang_visitChildren(c, first_child_visitor, &child);
  return child;
}

/* range_of, looking through parentheses and implicit conversions that a
 * macro body added around an argument (evtimer_assign's `(cb)`). */
static text_range range_through_parens(const finder *f, CXCursor expr, CXCursor call) {
  text_range r = range_of(f, expr, call);
  CXCursor c = expr;
  while (!r.ok) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
      break;
    c = first_child(c);
    if (clang_Cursor_isNull(c) || !clang_isExpression(clang_getCursorKind(c)))
      break;
    text_range inner = range_of(f, c, call);
    if (inner.ok)
      return inner;
  }
  return r;
}

/* ------------------------------------------------------------ macro reuse */

static leaf_key raw_key(const finder *f, CXCursor c) {
  CXSourceRange ext = clang_getCursorExtent(c);
  leaf_key k = {locate(f, clang_getRangeStart(ext)).offset, locate(f, clang_getRangeEnd(ext)).offset,
                (int)clang_getCursorKind(c)};
  return k;
}

static int leaf_cmp(const void *a, const void *b) {
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
static size_t macro_argument_uses(const finder *f, CXCursor expr) {
  CXCursor c = expr;
  leaf_key k = raw_key(f, c);
  for (;;) { /* descend to the innermost node with the same extent */
    CXCursor child = first_child(c);
    if (clang_Cursor_isNull(child) || !clang_isExpression(clang_getCursorKind(child)))
      break;
    leaf_key ck = raw_key(f, child);
    if (ck.start != k.start || ck.end != k.end)
      break;
    c = child;
    k = ck;
  }
  size_t n = 0;
  leaf_key *hit = bsearch(&k, f->leaves, f->nleaves, sizeof k, leaf_cmp);
  if (!hit)
    return 1;
  while (hit > f->leaves && leaf_cmp(hit - 1, &k) == 0)
    hit--;
  while (hit < f->leaves + f->nleaves && leaf_cmp(hit, &k) == 0) {
    n++;
    hit++;
  }
  return n;
}

/* ------------------------------------------------------------ walk */

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData d) {
  finder *f = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (clang_isExpression(k)) {
    CXSourceLocation sl = clang_getRangeStart(clang_getCursorExtent(c));
    loc_info li = locate(f, sl);
    if (li.in_main && li.in_macro && li.offset != li.exp_offset) {
      if (f->nleaves == f->leaves_cap) {
        f->leaves_cap = f->leaves_cap ? f->leaves_cap * 2 : 256;
        f->leaves = rw_xrealloc(f->leaves, f->leaves_cap * sizeof *f->leaves);
      }
      f->leaves[f->nleaves++] = raw_key(f, c);
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
  loc_info li = locate(f, clang_getRangeStart(clang_getCursorExtent(c)));
  if (!li.in_main)
    return CXChildVisit_Continue; /* headers are never edited */
  if (clang_getCursorLanguage(c) == CXLanguage_CPlusPlus)
    f->cplusplus = true;
  f->top = c;
  clang_visitChildren(c, collect, f);
  return CXChildVisit_Continue;
}

/* ------------------------------------------------------------ decisions */

/* Line and column of a byte offset as the compiler numbers them, honouring
 * #line directives (our own output starts with one).  Computed from the bytes
 * because clang_getLocationForOffset maps offsets inside macro arguments to
 * the macro's expansion. */
static void presumed_position(const finder *f, size_t offset, unsigned *line, unsigned *col) {
  lex_lines_position(&f->lines, offset, line, col);
}

static rw_site *add_site(finder *f, size_t offset, const char *api, int param, const char *arg,
                         rw_decision d, rw_lifetime life, const char *how, const char *reason) {
  rw_job *job = f->job;
  unsigned line, col;
  presumed_position(f, offset, &line, &col);
  /* One report per written site: a macro expanding a call twice makes two
   * AST calls from the same text. */
  for (size_t k = 0; k < job->nsites; k++) {
    const rw_site *o = &job->sites[k];
    if (o->line == line && o->col == col && o->param == param && o->decision == d &&
        strcmp(o->api, api) == 0)
      return (rw_site *)o;
  }
  if (job->nsites == job->sites_cap) {
    job->sites_cap = job->sites_cap ? job->sites_cap * 2 : 64;
    job->sites = rw_xrealloc(job->sites, job->sites_cap * sizeof *job->sites);
  }
  rw_site *s = &job->sites[job->nsites++];
  memset(s, 0, sizeof *s);
  s->line = line;
  s->col = col;
  s->api = rw_xstrdup(api);
  s->param = param;
  s->arg = rw_xstrdup(arg);
  s->decision = d;
  s->life = life;
  s->how = how ? rw_xstrdup(how) : NULL;
  s->reason = reason ? rw_xstrdup(reason) : NULL;
  return s;
}

/* The text of [start,end) made fit to be copied into one line: comments
 * dropped and every run of blanks and newlines (and backslash-newlines)
 * collapsed to one space, literals untouched.  Copies go into inserted text,
 * which must never add a line. */
static char *text_of(const finder *f, size_t start, size_t end) {
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
static char *display_text(const finder *f, CXCursor expr) {
  CXSourceRange ext = clang_getCursorExtent(expr);
  loc_info s = locate(f, clang_getRangeStart(ext));
  loc_info e = locate(f, clang_getRangeEnd(ext));
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

static enum CXChildVisitResult first_expr_visitor(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  if (!clang_isExpression(clang_getCursorKind(c)))
    return CXChildVisit_Continue; /* a cast's type reference */
  *(CXCursor *)d = c;
  return CXChildVisit_Break;
}

/* Whether an expression is a null pointer constant, looking through
 * parentheses, casts and implicit conversions (NULL in a macro body). */
static bool is_null_constant(CXCursor c) {
  for (int guard = 0; guard < 16; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_IntegerLiteral) {
      CXEvalResult r = clang_Cursor_Evaluate(c);
      bool zero = r && clang_EvalResult_getKind(r) == CXEval_Int &&
                  clang_EvalResult_getAsLongLong(r) == 0;
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
static bool is_null_text(const char *t) {
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
static bool key_is_pure(const char *t) {
  for (const char *p = t; *p; p++) {
    if ((p[0] == '+' && p[1] == '+') || (p[0] == '-' && p[1] == '-'))
      return false;
    if (p[0] == '=' && p[1] != '=' && (p == t || !strchr("=!<>", p[-1])))
      return false;
    if (p[0] == '(' && p > t) {
      const char *q = p;
      while (q > t && q[-1] == ' ')
        q--;
      if (q > t && lex_is_ident_char(q[-1]) && !(q - t >= 6 && memcmp(q - 6, "sizeof", 6) == 0))
        return false;
    }
  }
  return true;
}

static bool is_string_literal(const char *t) {
  size_t n = strlen(t);
  if (n < 2 || t[0] != '"' || t[n - 1] != '"')
    return false;
  for (size_t i = 1; i + 1 < n; i++) {
    if (t[i] == '\\') {
      i++;
      continue;
    }
    if (t[i] == '"')
      return false;
  }
  return true;
}

static CXType strip_sugar(CXType t) {
  for (int guard = 0; guard < 32; guard++) {
    if (t.kind == CXType_Typedef)
      t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
    else if (t.kind == CXType_Elaborated)
      t = clang_Type_getNamedType(t);
    else if (t.kind == CXType_Attributed)
      t = clang_Type_getModifiedType(t);
    else if (t.kind == CXType_Unexposed)
      t = clang_getCanonicalType(t);
    else
      break;
  }
  return t;
}

static bool is_function_pointer(CXType t) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind != CXType_Pointer)
    return false;
  CXType p = clang_getCanonicalType(clang_getPointeeType(c));
  return p.kind == CXType_FunctionProto || p.kind == CXType_FunctionNoProto;
}

static char *param_decl(CXType t, int index) {
  CXString s = clang_getTypeSpelling(t);
  const char *ts = clang_getCString(s);
  rw_buf b = {0};
  if (strpbrk(ts, "(["))
    rw_buf_printf(&b, "__typeof__(%s) a%d", ts, index);
  else if (ts[strlen(ts) - 1] == '*')
    rw_buf_printf(&b, "%sa%d", ts, index);
  else
    rw_buf_printf(&b, "%s a%d", ts, index);
  clang_disposeString(s);
  return b.data;
}

/* How a parameter or result travels in the x86-64 SysV and AArch64 calling
 * conventions, as far as the register thunk ABI cares. */
typedef enum { ARG_INTEGER, ARG_FLOAT, ARG_OTHER } arg_class;

static arg_class classify(CXType t) {
  switch (clang_getCanonicalType(t).kind) {
  case CXType_Bool: case CXType_Char_U: case CXType_UChar: case CXType_Char16:
  case CXType_Char32: case CXType_UShort: case CXType_UInt: case CXType_ULong:
  case CXType_ULongLong: case CXType_Char_S: case CXType_SChar: case CXType_WChar:
  case CXType_Short: case CXType_Int: case CXType_Long: case CXType_LongLong:
  case CXType_Pointer: case CXType_Enum:
    return ARG_INTEGER;  /* one integer register each, on both */
  case CXType_Float: case CXType_Double:
    return ARG_FLOAT;    /* vector registers: no integer register used */
  default:
    return ARG_OTHER;    /* structs, long double, __int128...: not classified */
  }
}

/* The integer register the binding can travel in for a callback of type fn
 * (ACTX_THUNK_R), or -1 when the signature needs the TLS hand-off: the same
 * register on x86-64 (rdi..r9) and AArch64 (x0..x7) when every parameter is
 * an integer/pointer or float/double scalar, none goes on the stack, and no
 * hidden struct-return pointer is involved. */
static int register_for_binding(CXType fn) {
  int n = clang_getNumArgTypes(fn), ints = 0, floats = 0;
  for (int i = 0; i < n; i++) {
    arg_class c = classify(clang_getArgType(fn, (unsigned)i));
    if (c == ARG_OTHER)
      return -1;
    ints += c == ARG_INTEGER;
    floats += c == ARG_FLOAT;
  }
  CXType ret = clang_getResultType(fn);
  if (clang_getCanonicalType(ret).kind != CXType_Void && classify(ret) == ARG_OTHER)
    return -1;
  if (ints >= 6 || floats > 8) /* x86-64 has 6 integer and 8 vector argument registers */
    return -1;
  return ints;
}

/* Builds the thunk for a callback of type fnptr: a box thunk whose parameter
 * box_index is the user data, a close helper (RW_THUNK_CLOSE: void callbacks
 * only), or (box_index == -1) a typed stub thunk.  NULL
 * (and *why) when the signature cannot be written out. */
static const rw_thunk *thunk_for(finder *f, CXType fnptr, int box_index, bool *added,
                                 const char **why) {
  CXType p = strip_sugar(fnptr);
  if (p.kind != CXType_Pointer) {
    *why = "callback type is not a plain function pointer";
    return NULL;
  }
  CXType fn = strip_sugar(clang_getPointeeType(p));
  if (fn.kind != CXType_FunctionProto) {
    *why = "callback type has no prototype";
    return NULL;
  }
  if (clang_isFunctionTypeVariadic(fn)) {
    *why = "callback is variadic";
    return NULL;
  }
  int n = clang_getNumArgTypes(fn);
  if (box_index >= 0) {
    if (box_index >= n) {
      *why = "callback has no parameter for the user data";
      return NULL;
    }
    if (box_index > 11) {
      *why = "user data is beyond the callback's 12th parameter";
      return NULL;
    }
    /* The thunk swaps the box for the data in place: exactly `void *`. */
    CXType boxt = clang_getCanonicalType(clang_getArgType(fn, (unsigned)box_index));
    CXType pointee = clang_getPointeeType(boxt);
    if (boxt.kind != CXType_Pointer || clang_getCanonicalType(pointee).kind != CXType_Void ||
        clang_isConstQualifiedType(pointee) || clang_isVolatileQualifiedType(pointee)) {
      *why = "the user-data parameter is not a plain void pointer";
      return NULL;
    }
  }
  rw_buf params = {0}, args = {0};
  rw_buf_puts(&params, "(");
  rw_buf_puts(&args, "(");
  for (int i = 0; i < n; i++) {
    char *d = param_decl(clang_getArgType(fn, (unsigned)i), i);
    rw_buf_printf(&params, "%s%s", i ? ", " : "", d);
    rw_buf_printf(&args, "%sa%d", i ? ", " : "", i);
    free(d);
  }
  /* The register ABI appends the binding's parameter to the list itself. */
  int reg = box_index == -1 && !f->job->tls_thunks ? register_for_binding(fn) : -1;
  if (n == 0 && reg < 0)
    rw_buf_puts(&params, "void");
  rw_buf_puts(&params, ")");
  rw_buf_puts(&args, ")");
  CXString rs = clang_getTypeSpelling(clang_getResultType(fn));
  char *ret = rw_xstrdup(clang_getCString(rs));
  clang_disposeString(rs);
  const rw_thunk *t = NULL;
  if (strstr(params.data, "(unnamed") || strstr(params.data, "(anonymous") ||
      strstr(ret, "(unnamed") || strstr(ret, "(anonymous") || strpbrk(ret, "(["))
    *why = "callback signature names an unnamed type";
  else if (box_index == RW_THUNK_CLOSE && strcmp(ret, "void") != 0)
    *why = "close callback returns a value";
  else
    t = rw_thunks_intern(&f->job->thunks, ret, params.data, args.data, box_index, reg, added);
  free(ret);
  rw_buf_free(&params);
  rw_buf_free(&args);
  return t;
}

/* Where thunk prototypes for this top-level declaration go: its first byte,
 * provided that is real text of the main file at file scope. */
static bool top_insert_offset(const finder *f, CXCursor top, size_t *off) {
  loc_info li = locate(f, clang_getRangeStart(clang_getCursorExtent(top)));
  if (!li.in_main || li.offset != li.exp_offset)
    return false;
  *off = li.offset;
  return true;
}

static void note_edit_decl(finder *f, CXCursor top) {
  size_t off;
  if (f->job->have_edit_decl || !top_insert_offset(f, top, &off))
    return;
  f->job->have_edit_decl = true;
  f->job->first_edit_decl = off;
  /* The line the #include will precede, as the compiler numbers it, and the
   * file name in force there (a generator's #line, else the input as the user
   * named it). */
  unsigned col;
  presumed_position(f, off, &f->job->first_edit_line, &col);
  CXString file;
  clang_getPresumedLocation(clang_getRangeStart(clang_getCursorExtent(top)), &file, NULL, NULL);
  const char *name = clang_getCString(file);
  CXFile named = clang_getFile(f->tu, name);
  bool is_main = named && clang_File_isEqual(named, f->main_file);
  f->job->first_edit_file = rw_xstrdup(is_main ? f->job->input : name);
  clang_disposeString(file);
}

static void wrap(finder *f, text_range r, const char *open, const char *close) {
  rw_inserts_add(&f->job->inserts, r.start, RW_RANK_OPEN, open);
  rw_inserts_add(&f->job->inserts, r.end, RW_RANK_CLOSE, close);
}

static const char *const stub_macro[] = {
    [RW_LIFE_ONCE] = "ACTX_ONCE", [RW_LIFE_KEYED] = "ACTX_KEYED",
    [RW_LIFE_UNTIL_FALSE] = "ACTX_UNTIL_FALSE", [RW_LIFE_FOREVER] = "ACTX_FOREVER",
};
static const char *const box_macro[] = {
    [RW_LIFE_ONCE] = "ACTX_BOX_ONCE", [RW_LIFE_KEYED] = "ACTX_BOX_KEYED",
    [RW_LIFE_UNTIL_FALSE] = "ACTX_BOX_UNTIL_FALSE", [RW_LIFE_FOREVER] = "ACTX_BOX_FOREVER",
};

/* What the arguments of one call decided together. */
typedef struct {
  bool close_bound;      /* a close argument is ACTX_CLOSE_T: no release statement */
  int result;            /* key=result: 0 not looked at, 1 the call can be wrapped, -1 not */
  const char *result_why;
  text_range result_range; /* the call's text, for ACTX_KEYED_BY_RESULT */
  bool result_used;      /* some argument is keyed by ACTX_RESULT_KEY */
} call_state;

/* One callback argument being decided. */
typedef struct {
  const call_site *cs;
  const rw_contract *c;
  rw_lifetime life;      /* the contract's, or once where a close binding cannot be made */
  const char *api;       /* callee name or "(indirect call)" */
  int index;             /* argument index */
  CXType param_type;     /* the callback type the API declares (or the argument's) */
  bool param_declared;   /* false for K&R callees and variadic arguments */
  text_range r;          /* where the argument is written */
  char *shown;           /* its text, one line */
  size_t where;          /* offset reported */
  char *key, *slot;      /* keyed, close: the key expression; keyed: the slot literal */
} argument;

static void report(finder *f, const argument *a, rw_decision d, const char *how,
                   const char *reason) {
  add_site(f, a->where, a->api, a->index, a->shown, d, a->life, how, reason);
}

/* Whether the statement made of `call` is followed by `actx_release_key(`
 * (inserted by hand or by an earlier run); *semi: its semicolon, or 0. */
static bool release_follows(const finder *f, CXCursor call, size_t *semi) {
  loc_info e = locate(f, clang_getRangeEnd(clang_getCursorExtent(call)));
  *semi = 0;
  if (!e.in_main || e.in_macro)
    return false;
  size_t i = lex_skip_space(f->src, f->len, e.offset);
  if (i >= f->len || f->src[i] != ';')
    return false;
  *semi = i;
  const char *rest = f->src + i + 1;
  while (*rest == ' ')
    rest++;
  return lex_starts_with(rest, strlen(rest), "actx_release_key(");
}

/* The text of the whole call, for ACTX_KEYED_BY_RESULT(...): the callee's name
 * and its parenthesised arguments as written, or the invocation of a macro
 * that expands to exactly the call (evtimer_new), perhaps in parentheses.
 * NULL, or why not. */
static const char *call_text_range(const finder *f, const call_site *cs, const char *api,
                                   text_range *r) {
  CXCursor call = cs->call;
  loc_info s = locate(f, clang_getRangeStart(clang_getCursorExtent(call)));
  if (!s.in_main)
    return "the call is not spelled in this file";
  CXType rt = clang_getCanonicalType(clang_getCursorType(call));
  if (rt.kind != CXType_Pointer)
    return "key=result on a call whose result is not a pointer";
  size_t end = lex_invocation_end(f->src, f->len, s.offset);
  if (!end || f->src[end - 1] != ')' || !lex_balanced_argument(f->src, s.offset, end))
    return "the call is only partly spelled in this file";
  size_t n = 0;
  while (lex_is_ident_char(f->src[s.offset + n]))
    n++;
  if (n != strlen(api) || memcmp(f->src + s.offset, api, n) != 0) {
    /* A macro makes the call: wrap its invocation only when nothing but
     * parentheses and conversions lie between the call and the invocation. */
    if (!s.in_macro)
      return "the call is only partly spelled in this file";
    CXCursor p = cs->parent;
    for (int guard = 0; guard < 64; guard++) {
      loc_info pl = locate(f, clang_getRangeStart(clang_getCursorExtent(p)));
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

/* Fills a->key (keyed: a->slot too) for a keyed or close contract; NULL, or
 * why not (the site is then reported with that reason, or as NULL when
 * *null_key). */
static const char *find_key_and_slot(finder *f, argument *a, call_state *st, bool *null_key) {
  const rw_contract *c = a->c;
  CXCursor call = a->cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  if (c->key_param == RW_KEY_RESULT) {
    if (!st->result)
      st->result = (st->result_why = call_text_range(f, a->cs, a->api, &st->result_range)) ? -1 : 1;
    if (st->result < 0)
      return st->result_why;
    a->key = rw_xstrdup("ACTX_RESULT_KEY");
  } else {
    if (c->key_param >= nargs)
      return "contract names a key argument the call does not have";
    text_range kr =
        range_through_parens(f, clang_Cursor_getArgument(call, (unsigned)c->key_param), call);
    if (!kr.ok)
      return "key argument is not spelled in this file";
    a->key = text_of(f, kr.start, kr.end);
    if (is_null_text(a->key)) {
      *null_key = true; /* the call fails (EINVAL): a binding would only leak */
      return "NULL key: the call cannot register anything";
    }
    if (!key_is_pure(a->key))
      return "key expression has side effects (it would be evaluated twice)";
  }
  if (c->life != RW_LIFE_KEYED)
    return NULL;
  if (c->slot_param < 0) {
    rw_buf sb = {0};
    rw_buf_printf(&sb, "\"%s\"", c->slot);
    a->slot = sb.data;
    return NULL;
  }
  text_range sr = {0};
  if (c->slot_param < nargs)
    sr = range_through_parens(f, clang_Cursor_getArgument(call, (unsigned)c->slot_param), call);
  if (sr.ok)
    a->slot = text_of(f, sr.start, sr.end);
  if (!a->slot || !is_string_literal(a->slot))
    return "slot argument is not a string literal";
  return NULL;
}

/* The thunk prototype goes on the enclosing declaration's line the first
 * time a thunk is needed. */
static void declare_thunk(finder *f, const rw_thunk *t, size_t top_off) {
  char *decl = rw_thunk_decl(t);
  rw_inserts_add(&f->job->inserts, top_off, RW_RANK_PROLOGUE, decl);
  free(decl);
}

/* The thunk of kind box_index (thunk_for) for a's callback type, declared on
 * first use; NULL and *why when there can be none. */
static const rw_thunk *needed_thunk(finder *f, const argument *a, int box_index, const char **why) {
  size_t top_off;
  if (!top_insert_offset(f, a->cs->top, &top_off)) {
    *why = "enclosing declaration starts inside a macro (no place for a thunk prototype)";
    return NULL;
  }
  bool added = false;
  const rw_thunk *t = thunk_for(f, a->param_type, box_index, &added, why);
  if (t && added)
    declare_thunk(f, t, top_off);
  return t;
}

/* User-data boxing, the cheapest mechanism, when the contract names the user
 * data the API hands back: (fn, data) becomes
 * (ACTX_BOXED(thunk, fn), ACTX_BOX_<LIFE>(fn, data...)).  Returns false and
 * *why when this call cannot be boxed. */
static bool try_boxing(finder *f, const argument *a, const char **why) {
  const rw_contract *c = a->c;
  CXCursor call = a->cs->call;
  if (c->data_param < 0)
    return false;
  if (f->cplusplus) {
    *why = "C++: box thunks are C only";
    return false;
  }
  if (c->data_param >= clang_Cursor_getNumArguments(call)) {
    *why = "contract names a user-data argument the call does not have";
    return false;
  }
  text_range dr = range_through_parens(f, clang_Cursor_getArgument(call, (unsigned)c->data_param), call);
  if (!dr.ok) {
    *why = "user-data argument is not spelled in this file";
    return false;
  }
  if (lex_starts_with(f->src + dr.start, dr.end - dr.start, "ACTX_")) {
    *why = "user data already boxed";
    return false;
  }
  const rw_thunk *t = needed_thunk(f, a, c->data_cb_index, why);
  if (!t)
    return false;
  rw_buf open = {0}, dopen = {0}, dclose = {0}, how = {0};
  rw_buf_printf(&open, "ACTX_BOXED(actx_thunk_%u, ", t->id);
  wrap(f, a->r, open.data, ")");
  rw_buf_printf(&dopen, "%s(%s, ", box_macro[a->life], a->shown);
  if (a->life == RW_LIFE_KEYED)
    rw_buf_printf(&dclose, ", %s, %s)", a->key, a->slot);
  else
    rw_buf_puts(&dclose, ")");
  wrap(f, dr, dopen.data, dclose.data);
  note_edit_decl(f, a->cs->top);
  rw_buf_printf(&how, "ACTX_BOXED + %s (actx_thunk_%u)", box_macro[a->life], t->id);
  report(f, a, RW_BOXED, how.data, NULL);
  rw_buf_free(&open);
  rw_buf_free(&dopen);
  rw_buf_free(&dclose);
  rw_buf_free(&how);
  return true;
}

/* Stub binding: the argument keeps its type.  With a signature the API
 * declares, the stub jumps to a typed thunk emitted here (ACTX_<LIFE>_T),
 * faster than the signature-agnostic path; a placeholder callback type
 * (generic), a K&R or variadic position, or an unwritable signature keeps the
 * agnostic path.  no_box: why boxing was not used, for the report. */
static void wrap_stub(finder *f, const argument *a, const char *no_box) {
  const rw_contract *c = a->c;
  rw_buf open = {0}, close = {0}, how = {0};
  const rw_thunk *typed = NULL;
  const char *no_typed = NULL;
  if (!c->generic && !f->cplusplus && a->param_declared)
    typed = needed_thunk(f, a, -1, &no_typed);
  if (typed) {
    rw_buf_printf(&open, "%s_T(actx_thunk_%u, ", stub_macro[a->life], typed->id);
    rw_buf_printf(&how, "%s_T (actx_thunk_%u)", stub_macro[a->life], typed->id);
  } else {
    rw_buf_printf(&open, "%s(", stub_macro[a->life]);
    rw_buf_puts(&how, stub_macro[a->life]);
  }
  if (a->life == RW_LIFE_KEYED)
    rw_buf_printf(&close, ", %s, %s)", a->key, a->slot);
  else
    rw_buf_puts(&close, ")");
  wrap(f, a->r, open.data, close.data);
  note_edit_decl(f, a->cs->top);
  report(f, a, RW_WRAPPED, how.data, no_box);
  rw_buf_free(&open);
  rw_buf_free(&close);
  rw_buf_free(&how);
}

/* A close callback (uv_close): ACTX_CLOSE_T(thunk, helper, fn, key), which
 * releases the key's bindings when the API calls it, NULL callbacks
 * included.  Returns false and *why where it cannot be emitted; the caller
 * then falls back to a once binding and the release statement. */
static bool try_close(finder *f, argument *a, call_state *st, const char **why) {
  bool null_key = false;
  size_t semi;
  if (f->cplusplus) {
    *why = "C++: close helpers are C only";
    return false;
  }
  if (a->c->generic || !a->param_declared) {
    *why = "the API does not declare the close callback's signature";
    return false;
  }
  if (release_follows(f, a->cs->call, &semi)) {
    *why = "a release statement already follows the call";
    return false;
  }
  if ((*why = find_key_and_slot(f, a, st, &null_key)) != NULL)
    return false;
  const rw_thunk *typed = needed_thunk(f, a, -1, why);
  const rw_thunk *helper = typed ? needed_thunk(f, a, RW_THUNK_CLOSE, why) : NULL;
  if (!helper)
    return false;
  rw_buf open = {0}, close = {0}, how = {0};
  rw_buf_printf(&open, "ACTX_CLOSE_T(actx_thunk_%u, actx_thunk_%u, ", typed->id, helper->id);
  rw_buf_printf(&close, ", %s)", a->key);
  rw_buf_printf(&how, "ACTX_CLOSE_T (actx_thunk_%u, actx_thunk_%u)", typed->id, helper->id);
  wrap(f, a->r, open.data, close.data);
  note_edit_decl(f, a->cs->top);
  st->close_bound = true;
  report(f, a, RW_WRAPPED, how.data, NULL);
  rw_buf_free(&open);
  rw_buf_free(&close);
  rw_buf_free(&how);
  return true;
}

/* Decides one argument of a call: left alone (and why), or wrapped. */
static void decide_argument(finder *f, const call_site *cs, const char *api, CXType callee_type,
                            int i, call_state *st) {
  CXCursor call = cs->call;
  CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
  argument a = {0};
  a.cs = cs;
  a.c = api ? rw_contracts_find(f->job->contracts, api, i) : NULL;
  a.life = a.c ? a.c->life : RW_LIFE_ONCE;
  a.api = api ? api : "(indirect call)";
  a.index = i;
  a.where = locate(f, clang_getRangeStart(clang_getCursorExtent(arg))).offset;
  a.param_type = clang_getArgType(callee_type, (unsigned)i);
  /* K&R callee or variadic part: nothing says how the API will call the
   * pointer, so only boxing (whose contract names the signature's user-data
   * slot) and the signature-agnostic stub may be used. */
  a.param_declared = a.param_type.kind != CXType_Invalid;
  if (!a.param_declared)
    a.param_type = clang_getCursorType(arg);
  a.shown = display_text(f, arg);
  const rw_contract *c = a.c;
  bool is_close = c && c->life == RW_LIFE_CLOSE;
  bool fnptr = is_function_pointer(clang_getCursorType(arg));
  bool is_null = is_null_text(a.shown) || is_null_constant(arg);
  const char *no_close = NULL;

  if (!fnptr && !(c && is_null)) {
    free(a.shown); /* not a callback */
    return;
  }
  a.r = range_through_parens(f, arg, call);
  if (a.r.ok) {
    free(a.shown);
    a.shown = text_of(f, a.r.start, a.r.end);
    a.where = a.r.start;
  }
  if (fnptr && (lex_starts_with(a.shown, strlen(a.shown), "ACTX_") || strstr(a.shown, "actx_bind("))) {
    st->close_bound |= is_close && lex_starts_with(a.shown, strlen(a.shown), "ACTX_CLOSE_T(");
    report(f, &a, RW_LEFT_BOUND, NULL, "already bound");
  } else if (is_null && !(is_close && a.r.ok && try_close(f, &a, st, &no_close))) {
    report(f, &a, RW_LEFT_NULL, NULL, "NULL callback");
  } else if (is_null) {
    /* bound for the release by try_close */
  } else if (!c) {
    report(f, &a, RW_LEFT_NO_CONTRACT, NULL,
           api ? "no contract for this argument (default: left alone)"
               : "call through a function pointer: no contract");
  } else if (c->life == RW_LIFE_SYNC || c->life == RW_LIFE_IGNORE) {
    report(f, &a, RW_LEFT_SYNC, NULL,
           c->life == RW_LIFE_SYNC ? "synchronous API" : "ignored by contract");
  } else if (!a.r.ok) {
    report(f, &a, RW_LEFT_MACRO, NULL, a.r.why);
  } else {
    /* A macro that expands this argument twice would get two bindings. */
    loc_info li = locate(f, clang_getRangeStart(clang_getCursorExtent(a.r.expr)));
    bool null_key = false;
    const char *no_key = NULL, *no_box = NULL;
    if (li.in_macro && li.offset != li.exp_offset && macro_argument_uses(f, a.r.expr) > 1) {
      report(f, &a, RW_LEFT_MACRO, NULL, "the macro around this call uses the argument more than once");
    } else if (is_close) {
      if (!try_close(f, &a, st, &no_close)) {
        a.life = RW_LIFE_ONCE; /* and the release statement, as before */
        wrap_stub(f, &a, no_close);
      }
    } else if (c->life == RW_LIFE_KEYED && (no_key = find_key_and_slot(f, &a, st, &null_key)) != NULL) {
      report(f, &a, null_key ? RW_LEFT_NULL : RW_LEFT_UNSUPPORTED, NULL, no_key);
    } else {
      if (!try_boxing(f, &a, &no_box))
        wrap_stub(f, &a, no_box);
      st->result_used |= c->key_param == RW_KEY_RESULT;
    }
  }
  free(a.key);
  free(a.slot);
  free(a.shown);
}

/* After a call that ends a keyed lifetime (uv_close, event_free), release the
 * bindings keyed by its handle, as a statement on the same line. */
static void decide_release(finder *f, const call_site *cs, const char *api, const rw_contract *c) {
  CXCursor call = cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  if (c->param >= nargs)
    return;
  CXCursor karg = clang_Cursor_getArgument(call, (unsigned)c->param);
  text_range kr = range_through_parens(f, karg, call);
  char *shown = kr.ok ? text_of(f, kr.start, kr.end) : display_text(f, karg);
  size_t where = kr.ok ? kr.start : locate(f, clang_getRangeStart(clang_getCursorExtent(karg))).offset;
  CXSourceRange ext = clang_getCursorExtent(call);
  loc_info s = locate(f, clang_getRangeStart(ext)), e = locate(f, clang_getRangeEnd(ext));
  enum CXCursorKind pk = clang_getCursorKind(cs->parent);
  const char *fail = NULL;
  size_t semi = 0;
  bool already = release_follows(f, call, &semi);
  if (!kr.ok)
    fail = "handle argument is not spelled in this file";
  else if (!key_is_pure(shown))
    fail = "handle expression has side effects (it would be evaluated twice)";
  else if (!s.in_main || !e.in_main || s.in_macro || e.in_macro)
    fail = "release call is inside a macro";
  else if (pk != CXCursor_CompoundStmt && pk != CXCursor_CaseStmt && pk != CXCursor_DefaultStmt &&
           pk != CXCursor_LabelStmt && pk != CXCursor_IfStmt && pk != CXCursor_WhileStmt &&
           pk != CXCursor_ForStmt && pk != CXCursor_DoStmt)
    fail = "release call is not a statement of its own";
  else if (!semi)
    fail = "release call is not a statement of its own";
  if (fail) {
    add_site(f, where, api, c->param, shown, RW_LEFT_UNSUPPORTED, RW_LIFE_KEYED, NULL, fail);
    free(shown);
    return;
  }
  if (already) {
    add_site(f, where, api, c->param, shown, RW_LEFT_BOUND, RW_LIFE_KEYED, NULL,
             "release already inserted");
    free(shown);
    return;
  }
  bool braces = pk == CXCursor_IfStmt || pk == CXCursor_WhileStmt || pk == CXCursor_ForStmt ||
                pk == CXCursor_DoStmt;
  rw_buf text = {0};
  rw_buf_printf(&text, " actx_release_key(%s);%s", shown, braces ? " }" : "");
  if (braces)
    rw_inserts_add(&f->job->inserts, s.offset, RW_RANK_OPEN, "{ ");
  rw_inserts_add(&f->job->inserts, semi + 1, RW_RANK_CLOSE, text.data);
  note_edit_decl(f, cs->top);
  add_site(f, where, api, c->param, shown, RW_RELEASE, RW_LIFE_KEYED, "actx_release_key", NULL);
  rw_buf_free(&text);
  free(shown);
}

static void decide_call(finder *f, const call_site *cs) {
  CXCursor call = cs->call;
  CXSourceRange ext = clang_getCursorExtent(call);
  loc_info s = locate(f, clang_getRangeStart(ext));
  if (!s.in_main)
    return;
  /* Calls made by our own macros (thunk bodies, bind macros) are not sites. */
  if (s.in_macro && lex_starts_with(f->src + s.exp_offset, f->len - s.exp_offset, "ACTX_"))
    return;
  CXCursor callee = clang_getCursorReferenced(call);
  char *api = NULL;
  CXType callee_type = {0};
  if (!clang_Cursor_isNull(callee) && clang_getCursorKind(callee) == CXCursor_FunctionDecl) {
    CXString n = clang_getCursorSpelling(callee);
    api = rw_xstrdup(clang_getCString(n));
    clang_disposeString(n);
    callee_type = clang_getCursorType(callee);
  }
  if (api && (lex_starts_with(api, strlen(api), "actx_") || lex_starts_with(api, strlen(api), "__builtin"))) {
    free(api);
    return;
  }
  call_state st = {0};
  int nargs = clang_Cursor_getNumArguments(call);
  for (int i = 0; i < nargs; i++)
    decide_argument(f, cs, api, callee_type, i, &st);
  if (st.result_used)
    wrap(f, st.result_range, "ACTX_KEYED_BY_RESULT(", ")");
  const rw_contract *rel = api ? rw_contracts_find_release(f->job->contracts, api) : NULL;
  if (rel && !st.close_bound)
    decide_release(f, cs, api, rel);
  free(api);
}

/* Thunk numbers continue after any actx_thunk_N already in the input, so a
 * second run on rewritten code never reuses a name. */
static unsigned first_free_thunk_id(const char *src) {
  unsigned max = 0;
  for (const char *p = src; (p = strstr(p, "actx_thunk_")) != NULL;) {
    p += strlen("actx_thunk_");
    unsigned v = 0;
    while (*p >= '0' && *p <= '9')
      v = v * 10 + (unsigned)(*p++ - '0');
    if (v > max)
      max = v;
  }
  return max + 1;
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
  job->thunks.first_id = first_free_thunk_id(job->source);
  if (!lex_lines_build(&f.lines, f.src, f.len))
    rw_out_of_memory();
  clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_top, &f);
  if (f.nleaves) /* qsort(NULL, 0, ...) is undefined */
    qsort(f.leaves, f.nleaves, sizeof *f.leaves, leaf_cmp);
  for (size_t i = 0; i < f.ncalls; i++)
    decide_call(&f, &f.calls[i]);
  free(f.calls);
  free(f.leaves);
  free(f.parents);
  lex_lines_free(&f.lines);
}
