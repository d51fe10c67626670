/* site.c -- what every decision writes: the site's report, text wrapped
 * around an argument or appended after a call's statement, and where the
 * thunk prototypes and the #include may go.  decide.c and getters.c decide;
 * this module records and inserts.
 *
 * Every edit is an insertion (rw_inserts_add) on the line of the text it
 * wraps, so no line moves.
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

/* Line and column of a byte offset as the compiler numbers them, honouring
 * #line directives (our own output starts with one).  Computed from the bytes
 * because clang_getLocationForOffset maps offsets inside macro arguments to
 * the macro's expansion. */
static void presumed_position(const finder *f, size_t offset, unsigned *line, unsigned *col) {
  lex_lines_position(&f->lines, offset, line, col);
}

rw_site *site_add(finder *f, size_t offset, const char *api, int param, const char *arg,
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

static enum CXChildVisitResult only_child(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  *(CXCursor *)d = c;
  return CXChildVisit_Break;
}

void site_note_param_of(rw_site *s, CXCursor value) {
  for (int guard = 0; guard < 32; guard++) {
    enum CXCursorKind k = clang_getCursorKind(value);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr &&
        k != CXCursor_UnaryOperator) /* *cb of a function pointer is the function */
      break;
    CXCursor inner = clang_getNullCursor();
    clang_visitChildren(value, only_child, &inner);
    if (clang_Cursor_isNull(inner))
      return;
    value = inner;
  }
  if (clang_getCursorKind(value) != CXCursor_DeclRefExpr)
    return;
  CXCursor parm = clang_getCursorReferenced(value);
  if (clang_getCursorKind(parm) != CXCursor_ParmDecl)
    return;
  CXCursor fn = clang_getCursorSemanticParent(parm);
  if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
    return;
  int i = rw_argument_index(fn, parm);
  if (i >= 0) {
    free(s->param_of);
    s->param_of = rw_cursor_spelling(fn);
    s->param_index = i;
  }
}

void rw_settle_param_stores(rw_job *job) {
  for (size_t i = 0; i < job->nsites; i++) {
    rw_site *s = &job->sites[i];
    if (s->decision != RW_LEFT_STORED || !s->param_of)
      continue;
    size_t calls = 0;
    for (size_t k = 0; k < job->nsites; k++) {
      const rw_site *c = &job->sites[k];
      calls +=
          !c->store && !c->getter && c->param == s->param_index && strcmp(c->api, s->param_of) == 0;
    }
    if (!calls)
      continue; /* no call seen: this is the one place to report */
    s->decision = RW_LEFT_STORED_PARAM;
    char *reason = rw_xasprintf("%s; parameter %d of %s, reported where %s is called (%zu call%s "
                                "in this file)",
                                s->reason ? s->reason : "stored", s->param_index, s->param_of,
                                s->param_of, calls, calls == 1 ? "" : "s");
    free(s->reason);
    s->reason = reason;
  }
}

/* Where thunk prototypes for this top-level declaration go: its first byte,
 * provided that is real text of the main file at file scope. */
bool site_top_insert_offset(const finder *f, CXCursor top, size_t *off) {
  loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(top)));
  if (!li.in_main || li.offset != li.exp_offset)
    return false;
  *off = li.offset;
  return true;
}

void site_note_edit_decl(finder *f, CXCursor top) {
  size_t off;
  if (f->job->have_edit_decl || !site_top_insert_offset(f, top, &off))
    return;
  f->job->have_edit_decl = true;
  f->job->first_edit_decl = off;
  /* The line the #include will precede, as the compiler numbers it, and the
   * file name in force there (a generator's #line, else the input as the user
   * named it). */
  unsigned col;
  presumed_position(f, off, &f->job->first_edit_line, &col);
  f->job->first_edit_file = site_presumed_file(f, clang_getRangeStart(clang_getCursorExtent(top)));
}

char *site_presumed_file(const finder *f, CXSourceLocation loc) {
  CXString file;
  clang_getPresumedLocation(loc, &file, NULL, NULL);
  const char *name = clang_getCString(file);
  CXFile named = clang_getFile(f->tu, name);
  bool is_main = named && clang_File_isEqual(named, f->main_file);
  char *r = rw_xstrdup(is_main ? f->job->input : name);
  clang_disposeString(file);
  return r;
}

void site_presumed_line(const finder *f, size_t offset, unsigned *line) {
  unsigned col;
  presumed_position(f, offset, line, &col);
}

void site_wrap(finder *f, text_range r, const char *open, const char *close) {
  rw_inserts_add(&f->job->inserts, r.start, RW_RANK_OPEN, open);
  rw_inserts_add(&f->job->inserts, r.end, RW_RANK_CLOSE, close);
}

/* Whether the statement made of `call` is followed by `what` (inserted by
 * hand or by an earlier run); *semi: its semicolon, or 0. */
bool site_statement_followed_by(const finder *f, CXCursor call, const char *what, size_t *semi) {
  loc_info e = loc_locate(f, clang_getRangeEnd(clang_getCursorExtent(call)));
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
  return lex_starts_with(rest, strlen(rest), what);
}

/* Whether text can go after the call's statement on its line: NULL and
 * *semi (the statement's semicolon) and *braces (the statement is the body of
 * an if/while/for/do: the insertion needs braces, opened at *start), or why
 * not. */
const char *site_call_statement(const finder *f, const call_site *cs, bool release, size_t *start,
                                size_t *semi, bool *braces) {
  CXSourceRange ext = clang_getCursorExtent(cs->call);
  loc_info s = loc_locate(f, clang_getRangeStart(ext)), e = loc_locate(f, clang_getRangeEnd(ext));
  enum CXCursorKind pk = clang_getCursorKind(cs->parent);
  site_statement_followed_by(f, cs->call, "", semi); /* the empty prefix: just finds the ';' */
  *start = s.offset;
  *braces = pk == CXCursor_IfStmt || pk == CXCursor_WhileStmt || pk == CXCursor_ForStmt ||
            pk == CXCursor_DoStmt;
  const char *not_own = release ? "release call is not a statement of its own"
                                : "getter call is not a statement of its own";
  if (!s.in_main || !e.in_main || s.in_macro || e.in_macro)
    return release ? "release call is inside a macro" : "getter call is inside a macro";
  if (pk != CXCursor_CompoundStmt && pk != CXCursor_CaseStmt && pk != CXCursor_DefaultStmt &&
      pk != CXCursor_LabelStmt && !*braces)
    return not_own;
  if (!*semi)
    return not_own;
  return NULL;
}

/* Appends text after the call's statement (site_call_statement said it can). */
void site_after_statement(finder *f, const call_site *cs, size_t start, size_t semi, bool braces,
                          const char *text) {
  rw_buf t = {0};
  rw_buf_printf(&t, "%s%s", text, braces ? " }" : "");
  if (braces)
    rw_inserts_add(&f->job->inserts, start, RW_RANK_OPEN, "{ ");
  rw_inserts_add(&f->job->inserts, semi + 1, RW_RANK_CLOSE, t.data);
  site_note_edit_decl(f, cs->top);
  rw_buf_free(&t);
}

/* Whether the text before offset `at` (spaces skipped) ends with `what`. */
bool site_preceded_by(const finder *f, size_t at, const char *what) {
  size_t n = strlen(what);
  while (at > 0 && (f->src[at - 1] == ' ' || f->src[at - 1] == '\t'))
    at--;
  return at >= n && memcmp(f->src + at - n, what, n) == 0;
}
