/* decide.c -- the decisions: for each callback argument of a call, which
 * lifetime and which macro (user-data boxing, a typed or agnostic stub, a
 * close helper, a result key) or why it is left alone; the release statement
 * after a keyed API's release call; and the site report for each.
 *
 * Every edit is an insertion (rw_inserts_add) on the line of the text it
 * wraps, so no line moves; thunk prototypes go at the start of the enclosing
 * top-level declaration (note_edit_decl also tells edit.c where the
 * #include may go).
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

/* Where thunk prototypes for this top-level declaration go: its first byte,
 * provided that is real text of the main file at file scope. */
static bool top_insert_offset(const finder *f, CXCursor top, size_t *off) {
  loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(top)));
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
  unsigned result_n;     /* ACTX_KEYED_BY_RESULT_N's n (0: the plain macros) */
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
  bool cast;             /* cast to another function type at the call: the API
                            may call it with its real signature */
  text_range r;          /* where the argument is written */
  char *shown;           /* its text, one line */
  size_t where;          /* offset reported */
  char *key, *slot;      /* keyed, close: the key expression; keyed: the slot literal */
} argument;

static enum CXChildVisitResult last_expression_child(CXCursor c, CXCursor parent,
                                                     CXClientData d) {
  (void)parent;
  if (clang_isExpression(clang_getCursorKind(c)))
    *(CXCursor *)d = c;
  return CXChildVisit_Continue;
}

/* The expression children of a conditional operator, in order. */
typedef struct {
  CXCursor c[3];
  int n;
} expression_children;

static enum CXChildVisitResult collect_expression_child(CXCursor c, CXCursor parent,
                                                        CXClientData d) {
  (void)parent;
  expression_children *e = d;
  if (clang_isExpression(clang_getCursorKind(c)) && e->n < 3)
    e->c[e->n++] = c;
  return CXChildVisit_Continue;
}

/* Whether the callback argument is an explicit cast (G_SOURCE_FUNC(on_fd),
 * (GCallback)f, (void *)f) of something whose function type differs from the
 * parameter's: GLib and others cast such pointers back and call them with the
 * real signature, which a typed thunk or box thunk of the parameter's type
 * would not forward.  Implicit conversions alone keep the typed paths.  A
 * conditional is a cast when either choice is (NULL choices aside). */
static bool callback_is_cast(CXCursor arg, CXType param, int depth) {
  bool explicit_cast = false;
  CXCursor c = arg;
  for (int guard = 0; guard < 64; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_ConditionalOperator && depth < 8) {
      /* fast ? (GSourceFunc)on_fd : tick: either choice may be cast */
      expression_children e = {0};
      clang_visitChildren(c, collect_expression_child, &e);
      for (int i = 1; i < e.n; i++)
        if (!text_is_null_constant(e.c[i]) && callback_is_cast(e.c[i], param, depth + 1))
          return true;
      return false;
    }
    if (k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
        k == CXCursor_CXXReinterpretCastExpr || k == CXCursor_CXXFunctionalCastExpr)
      explicit_cast = true;
    else if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
      break;
    CXCursor inner = clang_getNullCursor();
    clang_visitChildren(c, last_expression_child, &inner);
    if (clang_Cursor_isNull(inner))
      break;
    c = inner;
  }
  if (!explicit_cast)
    return false;
  CXType t = clang_getCanonicalType(clang_getCursorType(c));
  if (t.kind == CXType_Pointer)
    t = clang_getCanonicalType(clang_getPointeeType(t));
  CXType p = clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(param)));
  return !clang_equalTypes(t, p);
}

static void report(finder *f, const argument *a, rw_decision d, const char *how,
                   const char *reason) {
  add_site(f, a->where, a->api, a->index, a->shown, d, a->life, how, reason);
}

/* Whether the statement made of `call` is followed by `what` (inserted by
 * hand or by an earlier run); *semi: its semicolon, or 0. */
static bool statement_followed_by(const finder *f, CXCursor call, const char *what,
                                  size_t *semi) {
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

static bool release_follows(const finder *f, CXCursor call, size_t *semi) {
  return statement_followed_by(f, call, "actx_release_key(", semi);
}

/* Whether text can go after the call's statement on its line: NULL and
 * *semi (the statement's semicolon) and *braces (the statement is the body of
 * an if/while/for/do: the insertion needs braces, opened at *start), or why
 * not. */
static const char *call_statement(const finder *f, const call_site *cs, bool release,
                                  size_t *start, size_t *semi, bool *braces) {
  CXSourceRange ext = clang_getCursorExtent(cs->call);
  loc_info s = loc_locate(f, clang_getRangeStart(ext)), e = loc_locate(f, clang_getRangeEnd(ext));
  enum CXCursorKind pk = clang_getCursorKind(cs->parent);
  statement_followed_by(f, cs->call, "", semi); /* the empty prefix: just finds the ';' */
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

/* Appends text after the call's statement (call_statement said it can). */
static void after_statement(finder *f, const call_site *cs, size_t start, size_t semi,
                            bool braces, const char *text) {
  rw_buf t = {0};
  rw_buf_printf(&t, "%s%s", text, braces ? " }" : "");
  if (braces)
    rw_inserts_add(&f->job->inserts, start, RW_RANK_OPEN, "{ ");
  rw_inserts_add(&f->job->inserts, semi + 1, RW_RANK_CLOSE, t.data);
  note_edit_decl(f, cs->top);
  rw_buf_free(&t);
}

/* Fills a->key (keyed: a->slot too) for a keyed or close contract; NULL, or
 * why not (the site is then reported with that reason, or as NULL when
 * *null_key). */
static const char *find_key_and_slot(finder *f, argument *a, call_state *st, bool *null_key) {
  const rw_contract *c = a->c;
  CXCursor call = a->cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  if (c->key_param == RW_KEY_RESULT) {
    if (!st->result) {
      st->result = (st->result_why = loc_call_range(f, a->cs, a->api, &st->result_range)) ? -1 : 1;
      if (st->result > 0) /* nested result-keyed calls get different names (-Wshadow) */
        st->result_n = rw_result_number(f->job, st->result_range.start, st->result_range.end);
    }
    if (st->result < 0)
      return st->result_why;
    rw_buf kb = {0};
    if (st->result_n)
      rw_buf_printf(&kb, "ACTX_RESULT_KEY_N(%u)", st->result_n);
    else
      rw_buf_puts(&kb, "ACTX_RESULT_KEY");
    a->key = kb.data;
  } else {
    if (c->key_param >= nargs)
      return "contract names a key argument the call does not have";
    CXCursor karg = clang_Cursor_getArgument(call, (unsigned)c->key_param);
    text_range kr = loc_argument_range(f, karg, call);
    if (!kr.ok)
      return "key argument is not spelled in this file";
    a->key = text_one_line(f, kr.start, kr.end);
    const char *refused, *conv = rw_key_conversion(clang_getCursorType(karg), &refused);
    if (refused)
      return refused;
    if (!conv && text_is_null(a->key)) { /* an integer 0 is a key (fd 0) */
      *null_key = true; /* the call fails (EINVAL): a binding would only leak */
      return "NULL key: the call cannot register anything";
    }
    if (!text_key_is_pure(a->key))
      return "key expression has side effects (it would be evaluated twice)";
    if (conv) { /* an integer (fd): made an address explicitly */
      rw_buf kb = {0};
      rw_buf_printf(&kb, "%s(%s)", conv, a->key);
      free(a->key);
      a->key = kb.data;
    }
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
    sr = loc_argument_range(f, clang_Cursor_getArgument(call, (unsigned)c->slot_param), call);
  if (sr.ok)
    a->slot = text_one_line(f, sr.start, sr.end);
  if (!a->slot || !text_is_string_literal(a->slot))
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

/* The thunk of kind box_index (rw_thunk_for) for a's callback type, declared on
 * first use; NULL and *why when there can be none. */
static const rw_thunk *needed_thunk(finder *f, const argument *a, int box_index, const char **why) {
  size_t top_off;
  if (!top_insert_offset(f, a->cs->top, &top_off)) {
    *why = "enclosing declaration starts inside a macro (no place for a thunk prototype)";
    return NULL;
  }
  bool added = false;
  const rw_thunk *t = rw_thunk_for(f->job, a->param_type, box_index, &added, why);
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
  if (a->cast) {
    *why = "callback cast to another function type at the call: generic stub";
    return false;
  }
  /* ACTX_BOXED and ACTX_BOX_* both evaluate the callback (each maps a NULL
   * one to what the program passed). */
  if (!text_key_is_pure(a->shown)) {
    *why = "callback expression has side effects (boxing evaluates it twice)";
    return false;
  }
  text_range dr = loc_argument_range(f, clang_Cursor_getArgument(call, (unsigned)c->data_param), call);
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
  if (!c->generic && !f->cplusplus && a->param_declared && !a->cast)
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
  if (a->cast) {
    *why = "callback cast to another function type at the call: generic stub";
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
  a.where = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(arg))).offset;
  a.param_type = clang_getArgType(callee_type, (unsigned)i);
  /* K&R callee or variadic part: nothing says how the API will call the
   * pointer, so only boxing (whose contract names the signature's user-data
   * slot) and the signature-agnostic stub may be used. */
  a.param_declared = a.param_type.kind != CXType_Invalid;
  if (!a.param_declared)
    a.param_type = clang_getCursorType(arg);
  a.shown = text_display(f, arg);
  const rw_contract *c = a.c;
  bool is_close = c && c->life == RW_LIFE_CLOSE;
  bool fnptr = rw_is_function_pointer(clang_getCursorType(arg));
  bool is_null = text_is_null(a.shown) || text_is_null_constant(arg);
  a.cast = fnptr && !is_null && a.param_declared && callback_is_cast(arg, a.param_type, 0);
  const char *no_close = NULL;

  if (!fnptr && !(c && is_null)) {
    free(a.shown); /* not a callback */
    return;
  }
  a.r = loc_argument_range(f, arg, call);
  if (a.r.ok) {
    free(a.shown);
    a.shown = text_one_line(f, a.r.start, a.r.end);
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
    loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(a.r.expr)));
    bool null_key = false;
    const char *no_key = NULL, *no_box = NULL;
    if (li.in_macro && li.offset != li.exp_offset && loc_macro_argument_uses(f, a.r.expr) > 1) {
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
  text_range kr = loc_argument_range(f, karg, call);
  char *shown = kr.ok ? text_one_line(f, kr.start, kr.end) : text_display(f, karg);
  size_t where = kr.ok ? kr.start : loc_locate(f, clang_getRangeStart(clang_getCursorExtent(karg))).offset;
  size_t start = 0, semi = 0;
  bool braces = false;
  const char *fail = NULL, *conv = rw_key_conversion(clang_getCursorType(karg), &fail);
  if (!fail)
    fail = call_statement(f, cs, true, &start, &semi, &braces);
  bool already = release_follows(f, call, &semi);
  if (fail)
    ; /* the handle cannot be a key */
  else if (!kr.ok)
    fail = "handle argument is not spelled in this file";
  else if (!text_key_is_pure(shown))
    fail = "handle expression has side effects (it would be evaluated twice)";
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
  rw_buf text = {0};
  if (conv) /* an integer handle (fd): the same address its bindings were keyed to */
    rw_buf_printf(&text, " actx_release_key(%s(%s));", conv, shown);
  else
    rw_buf_printf(&text, " actx_release_key(%s);", shown);
  after_statement(f, cs, start, semi, braces, text.data);
  add_site(f, where, api, c->param, shown, RW_RELEASE, RW_LIFE_KEYED, "actx_release_key", NULL);
  rw_buf_free(&text);
  free(shown);
}

/* Whether the text before offset `at` (spaces skipped) ends with `what`. */
static bool preceded_by(const finder *f, size_t at, const char *what) {
  size_t n = strlen(what);
  while (at > 0 && (f->src[at - 1] == ' ' || f->src[at - 1] == '\t'))
    at--;
  return at >= n && memcmp(f->src + at - n, what, n) == 0;
}

static void getter_site(finder *f, size_t where, const char *api, int param, const char *arg,
                        rw_decision d, const char *how, const char *reason) {
  rw_site *site = add_site(f, where, api, param, arg, d, RW_LIFE_SYNC, how, reason);
  site->getter = true;
}

/* Whether a pointer of this type points to a function pointer (an
 * out-parameter a getter stores a callback through). */
static bool points_to_function_pointer(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Pointer && rw_is_function_pointer(clang_getPointeeType(t));
}

/* A getter's result: ACTX_UNWRAP_FN(call), so the program gets back the
 * function it registered, not the binding's stub. */
static void decide_getter_result(finder *f, const call_site *cs, const char *api) {
  CXCursor call = cs->call;
  size_t where = loc_call_start(f, call);
  text_range r = {0};
  const char *why = NULL;
  char *shown = text_display(f, call);
  if (!rw_is_function_pointer(clang_getCursorType(call)))
    why = "getter result is not a function pointer (user data is never unwrapped)";
  else if (preceded_by(f, where, "ACTX_UNWRAP_FN(")) {
    getter_site(f, where, api, -1, shown, RW_LEFT_BOUND, NULL, "already unwrapped");
    free(shown);
    return;
  } else {
    why = loc_call_range(f, cs, api, &r);
  }
  if (why) {
    getter_site(f, where, api, -1, shown, RW_LEFT_UNSUPPORTED, NULL, why);
    free(shown);
    return;
  }
  wrap(f, r, "ACTX_UNWRAP_FN(", ")");
  note_edit_decl(f, cs->top);
  getter_site(f, r.start, api, -1, shown, RW_UNWRAPPED, "ACTX_UNWRAP_FN", NULL);
  free(shown);
}

/* A getter's out-parameters: actx_unwrap_fn_at(OUT); after the statement for
 * each one that is not NULL.  All or none: the out expressions are repeated,
 * so each must be free of side effects. */
static void decide_getter_out(finder *f, const call_site *cs, const char *api,
                              const rw_contract *c) {
  CXCursor call = cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  size_t start, semi;
  bool braces;
  const char *fail = call_statement(f, cs, false, &start, &semi, &braces);
  bool already = statement_followed_by(f, call, "actx_unwrap_fn_at(", &semi);
  rw_buf text = {0};
  char *shown[RW_GETTER_MAX_OUT] = {0};
  size_t where[RW_GETTER_MAX_OUT] = {0};
  bool null[RW_GETTER_MAX_OUT] = {0}; /* the program asked for nothing there */
  for (int k = 0; k < c->n_getter_out; k++) {
    int i = c->getter_out[k];
    if (i >= nargs) {
      fail = fail ? fail : "contract names an out-parameter the call does not have";
      shown[k] = rw_xstrdup("(missing)");
      where[k] = loc_call_start(f, call);
      continue;
    }
    CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
    text_range r = loc_argument_range(f, arg, call);
    shown[k] = r.ok ? text_one_line(f, r.start, r.end) : text_display(f, arg);
    where[k] = r.ok ? r.start
                    : loc_locate(f, clang_getRangeStart(clang_getCursorExtent(arg))).offset;
    null[k] = text_is_null(shown[k]) || text_is_null_constant(arg);
    if (null[k])
      continue;
    if (!r.ok)
      fail = fail ? fail : "out-parameter is not spelled in this file";
    else if (!points_to_function_pointer(clang_getCursorType(arg)))
      fail = fail ? fail : "out-parameter does not point to a function pointer";
    else if (!text_key_is_pure(shown[k]))
      fail = fail ? fail : "out-parameter has side effects (it would be evaluated twice)";
    rw_buf_printf(&text, " actx_unwrap_fn_at(%s);", shown[k]);
  }
  if (text.len && !fail && !already)
    after_statement(f, cs, start, semi, braces, text.data);
  for (int k = 0; k < c->n_getter_out; k++) {
    if (!shown[k] || null[k]) {
      free(shown[k]);
      continue;
    }
    if (already)
      getter_site(f, where[k], api, c->getter_out[k], shown[k], RW_LEFT_BOUND, NULL,
                  "already unwrapped");
    else if (fail)
      getter_site(f, where[k], api, c->getter_out[k], shown[k], RW_LEFT_UNSUPPORTED, NULL, fail);
    else
      getter_site(f, where[k], api, c->getter_out[k], shown[k], RW_UNWRAPPED,
                  "actx_unwrap_fn_at", NULL);
    free(shown[k]);
  }
  rw_buf_free(&text);
}

void decide_call(finder *f, const call_site *cs) {
  CXCursor call = cs->call;
  CXSourceRange ext = clang_getCursorExtent(call);
  loc_info s = loc_locate(f, clang_getRangeStart(ext));
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
  if (st.result_used) {
    rw_buf open = {0};
    if (st.result_n)
      rw_buf_printf(&open, "ACTX_KEYED_BY_RESULT_N(%u, ", st.result_n);
    else
      rw_buf_puts(&open, "ACTX_KEYED_BY_RESULT(");
    wrap(f, st.result_range, open.data, ")");
    rw_buf_free(&open);
  }
  const rw_contract *rel = api ? rw_contracts_find_release(f->job->contracts, api) : NULL;
  if (rel && !st.close_bound)
    decide_release(f, cs, api, rel);
  const rw_contract *get = api ? rw_contracts_find_getter(f->job->contracts, api) : NULL;
  if (get && get->getter_result)
    decide_getter_result(f, cs, api);
  else if (get)
    decide_getter_out(f, cs, api, get);
  free(api);
}
