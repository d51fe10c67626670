/* decide.c -- the decisions: for each callback argument of a call, which
 * lifetime and which macro (user-data boxing, a typed or agnostic stub, a
 * close helper, a result key) or why it is left alone; the release statement
 * after a keyed API's release call; getter contracts go to getters.c.  What
 * a decision writes (insertions, site reports) is site.c's: thunk prototypes
 * go at the start of the enclosing top-level declaration, and no line moves.
 */
#include "find.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const stub_macro[] = {
    [RW_LIFE_ONCE] = "ACTX_ONCE",
    [RW_LIFE_KEYED] = "ACTX_KEYED",
    [RW_LIFE_UNTIL_FALSE] = "ACTX_UNTIL_FALSE",
    [RW_LIFE_FOREVER] = "ACTX_FOREVER",
};
static const char *const box_macro[] = {
    [RW_LIFE_ONCE] = "ACTX_BOX_ONCE",
    [RW_LIFE_KEYED] = "ACTX_BOX_KEYED",
    [RW_LIFE_UNTIL_FALSE] = "ACTX_BOX_UNTIL_FALSE",
    [RW_LIFE_FOREVER] = "ACTX_BOX_FOREVER",
};

/* What the arguments of one call decided together. */
typedef struct {
  bool close_bound; /* a close argument is ACTX_CLOSE_T: no release statement */
  int result;       /* key=result: 0 not looked at, 1 the call can be wrapped, -1 not */
  const char *result_why;
  text_range result_range; /* the call's text, for ACTX_KEYED_BY_RESULT */
  bool result_used;        /* some argument is keyed by ACTX_RESULT_KEY */
  unsigned result_n;       /* ACTX_KEYED_BY_RESULT_N's n (0: the plain macros) */
  char **args;             /* each argument's text, for when= contracts (else NULL) */
} call_state;

/* One callback argument being decided. */
typedef struct {
  const call_site *cs;
  const rw_contract *c;
  rw_lifetime life;    /* the contract's, or once where a close binding cannot be made */
  const char *api;     /* callee name or "(indirect call)" */
  int index;           /* argument index */
  CXType callee_type;  /* the called function's type (invalid: unknown) */
  CXType param_type;   /* the callback type the API declares (or the argument's) */
  bool param_declared; /* false for K&R callees and variadic arguments */
  bool cast;           /* cast to another function type at the call: the API
                            may call it with its real signature */
  text_range r;        /* where the argument is written */
  char *shown;         /* its text, one line */
  size_t where;        /* offset reported */
  char *key, *slot;    /* keyed, close: the key expression; keyed: the slot literal */
} argument;

static enum CXChildVisitResult last_expression_child(CXCursor c, CXCursor parent, CXClientData d) {
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

static rw_site *report(finder *f, const argument *a, rw_decision d, const char *how,
                       const char *reason) {
  rw_site *s = site_add(f, a->where, a->api, a->index, a->shown, d, a->life, how, reason);
  if (a->c && a->c->kind == RW_CONTRACT_TYPE && !s->rule)
    s->rule = rw_xasprintf("%s: type %s", a->c->origin, a->c->function);
  return s;
}

/* The type rule for a parameter declared with type t: its own typedef name
 * first, then each typedef it is defined with, outward (typedef
 * GAsyncReadyCallback MyReady: a rule for MyReady wins, else the one for
 * GAsyncReadyCallback).  NULL when no typedef on the way has a rule. */
static const rw_contract *type_rule_for(const finder *f, CXType t) {
  bool pointer_seen = false;
  for (int guard = 0; guard < 32; guard++) {
    if (t.kind == CXType_Pointer && !pointer_seen) {
      /* done_fn *cb with typedef void done_fn(int): the function type's name */
      pointer_seen = true;
      t = clang_getPointeeType(t);
    } else if (t.kind == CXType_Elaborated) {
      t = clang_Type_getNamedType(t);
    } else if (t.kind == CXType_Attributed) {
      t = clang_Type_getModifiedType(t);
    } else if (t.kind == CXType_Typedef) {
      CXString n = clang_getTypedefName(t);
      const rw_contract *c =
          rw_contracts_find_type(f->job->contracts, clang_getCString(n), f->caller);
      clang_disposeString(n);
      if (c)
        return c;
      t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
    } else {
      return NULL;
    }
  }
  return NULL;
}

/* A type rule made concrete for the callback at argument index: its
 * relative data=+D:K names the argument D after (or before) it.  An offset
 * that leaves the call's arguments names one past them, which boxing refuses
 * and reports. */
static void type_rule_at(const rw_contract *rule, int index, int nargs, rw_contract *out) {
  *out = *rule;
  if (rule->data_relative) {
    long at = (long)index + rule->data_param;
    out->data_param = at < 0 || at >= nargs ? INT_MAX : (int)at;
    out->data_relative = false;
  }
}

static bool release_follows(const finder *f, CXCursor call, size_t *semi) {
  return site_statement_followed_by(f, call, "actx_release_key(", semi) ||
         site_statement_followed_by(f, call, "actx_release_slot(", semi);
}

/* The slot of slot=$N or slot=bits$N, from argument n of the call: a string
 * literal as written (slot=$N only), an integer through ACTX_INT_SLOT or
 * ACTX_BITS_SLOT (actx_bind.h).  NULL and *out (to free), or why not. */
static const char *run_time_slot(finder *f, CXCursor call, rw_slot_source src, int n, char **out) {
  if (n >= clang_Cursor_getNumArguments(call))
    return "contract names a slot argument the call does not have";
  CXCursor sarg = clang_Cursor_getArgument(call, (unsigned)n);
  text_range sr = loc_argument_range(f, sarg, call);
  if (!sr.ok)
    return "slot argument is not spelled in this file";
  char *t = text_one_line(f, sr.start, sr.end);
  if (src == RW_SLOT_ARG && text_is_string_literal(t)) {
    *out = t;
    return NULL;
  }
  const char *refused = NULL;
  const char *why = NULL;
  if (!rw_key_conversion(clang_getCursorType(sarg), &refused))
    why = src == RW_SLOT_BITS ? "slot=bits$N: the slot argument is not an integer"
                              : "slot argument is neither a string literal nor an integer";
  else if (!text_key_is_pure(t))
    why = "slot expression has side effects (it would be evaluated twice)";
  if (why) {
    free(t);
    return why;
  }
  rw_buf b = {0};
  rw_buf_printf(&b, "%s(%s)", src == RW_SLOT_BITS ? "ACTX_BITS_SLOT" : "ACTX_INT_SLOT", t);
  free(t);
  *out = b.data;
  return NULL;
}

/* Until-false with a stop value or a key: the ACTX_*UNTIL_VALUE* macros,
 * whose extra arguments (", stop" or ", stop, key, slot") go in *args. */
static bool until_value(const argument *a, rw_buf *args) {
  if (a->life != RW_LIFE_UNTIL_FALSE || (a->c->stop == 0 && !a->key))
    return false;
  if (a->c->stop == -9223372036854775807LL - 1)
    rw_buf_puts(args, ", (-9223372036854775807LL - 1)"); /* no literal spells it */
  else
    rw_buf_printf(args, ", %lld", a->c->stop);
  if (a->key)
    rw_buf_printf(args, ", %s, %s", a->key, a->slot);
  return true;
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
      *null_key = true;                  /* the call fails (EINVAL): a binding would only leak */
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
  if (c->life != RW_LIFE_KEYED && c->life != RW_LIFE_UNTIL_FALSE)
    return NULL;
  if (c->slot_source == RW_SLOT_NAME) {
    rw_buf sb = {0};
    rw_buf_printf(&sb, "\"%s\"", c->slot);
    a->slot = sb.data;
    return NULL;
  }
  return run_time_slot(f, call, c->slot_source, c->slot_param, &a->slot);
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
  if (!site_top_insert_offset(f, a->cs->top, &top_off)) {
    *why = "enclosing declaration starts inside a macro (no place for a thunk prototype)";
    return NULL;
  }
  bool added = false;
  int take = box_index == RW_THUNK_CLOSE ? -1 : a->c->take_index;
  const rw_thunk *t = rw_thunk_for_take(f->job, a->param_type, box_index, take, &added, why);
  if (t && added) {
    declare_thunk(f, t, top_off);
    /* Its body will be numbered as this site's line (emit.c). */
    unsigned line;
    site_presumed_line(f, a->where, &line);
    char *file =
        site_presumed_file(f, clang_getLocationForOffset(f->tu, f->main_file, (unsigned)a->where));
    rw_thunk_set_origin(&f->job->thunks, t, line, file);
    free(file);
  }
  return t;
}

/* Whether the callee declares parameter n as a pointer to void (gpointer). */
static bool user_data_parameter(const argument *a, int n) {
  CXType t = clang_getCanonicalType(clang_getArgType(a->callee_type, (unsigned)n));
  return t.kind == CXType_Pointer &&
         clang_getCanonicalType(clang_getPointeeType(t)).kind == CXType_Void;
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
    *why = c->kind == RW_CONTRACT_TYPE
               ? "type rule's data= offset is past the call's arguments"
               : "contract names a user-data argument the call does not have";
    return false;
  }
  if (c->kind == RW_CONTRACT_TYPE && !user_data_parameter(a, c->data_param)) {
    /* A type rule covers functions it was not written for: its offset may
     * land on an argument that is no user data at all. */
    *why = "type rule's data= names an argument that is not a void pointer";
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
  text_range dr =
      loc_argument_range(f, clang_Cursor_getArgument(call, (unsigned)c->data_param), call);
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
  rw_buf open = {0}, dopen = {0}, dclose = {0}, how = {0}, uv = {0};
  const char *macro = box_macro[a->life];
  if (until_value(a, &uv))
    macro = a->key ? "ACTX_BOX_UNTIL_VALUE_KEYED" : "ACTX_BOX_UNTIL_VALUE";
  rw_buf_printf(&open, "ACTX_BOXED(actx_thunk_%u, ", t->id);
  site_wrap(f, a->r, open.data, ")");
  rw_buf_printf(&dopen, "%s(%s, ", macro, a->shown);
  if (uv.data)
    rw_buf_printf(&dclose, "%s)", uv.data);
  else if (a->life == RW_LIFE_KEYED)
    rw_buf_printf(&dclose, ", %s, %s)", a->key, a->slot);
  else
    rw_buf_puts(&dclose, ")");
  site_wrap(f, dr, dopen.data, dclose.data);
  site_note_edit_decl(f, a->cs->top);
  rw_buf_printf(&how, "ACTX_BOXED + %s (actx_thunk_%u)", macro, t->id);
  rw_buf_free(&uv);
  report(f, a, RW_BOXED, how.data, NULL);
  rw_buf_free(&open);
  rw_buf_free(&dopen);
  rw_buf_free(&dclose);
  rw_buf_free(&how);
  return true;
}

/* The callback's result type, from the parameter's function pointer type. */
static CXType callback_result(const argument *a) {
  CXType p = clang_getCanonicalType(a->param_type);
  if (p.kind == CXType_Pointer)
    p = clang_getCanonicalType(clang_getPointeeType(p));
  return clang_getCanonicalType(clang_getResultType(p));
}

/* stop=V means the result at its own width (an int -1, a long long -1); the
 * agnostic stub compares only the low 32 bits of the result register, which
 * is exact for an int and guesswork for anything else.  Why not, or NULL. */
static const char *agnostic_stop_refused(const argument *a) {
  if (a->life != RW_LIFE_UNTIL_FALSE || a->c->stop == 0)
    return NULL;
  CXType r = callback_result(a);
  const char *refused = NULL;
  if (r.kind == CXType_Invalid || !rw_key_conversion(r, &refused) || clang_Type_getSizeOf(r) != 4)
    return "stop= on the signature-agnostic stub, which compares only the low 32 bits of the "
           "result: this callback does not return a 32-bit integer";
  return NULL;
}

/* Stub binding: the argument keeps its type.  With a signature the API
 * declares, the stub jumps to a typed thunk emitted here (ACTX_<LIFE>_T),
 * faster than the signature-agnostic path; a placeholder callback type
 * (generic), a K&R or variadic position, or an unwritable signature keeps the
 * agnostic path.  no_box: why boxing was not used, for the report. */
static rw_site *wrap_stub(finder *f, const argument *a, const char *no_box) {
  const rw_contract *c = a->c;
  rw_buf open = {0}, close = {0}, how = {0}, uv = {0};
  const rw_thunk *typed = NULL;
  const char *no_typed = NULL;
  const char *macro = stub_macro[a->life];
  if (until_value(a, &uv))
    macro = a->key ? "ACTX_UNTIL_VALUE_KEYED" : "ACTX_UNTIL_VALUE";
  if (!c->generic && !f->cplusplus && a->param_declared && !a->cast)
    typed = needed_thunk(f, a, -1, &no_typed);
  else if (c->take_index != -1)
    no_typed = c->generic || !a->param_declared
                   ? "the API does not declare the callback's signature"
               : f->cplusplus ? "C++: take thunks are C only"
                              : "callback cast to another function type at the call";
  if (!typed && c->take_index != -1) { /* the items would lose their context */
    rw_buf why = {0};
    rw_buf_printf(&why, "take=%d needs a typed thunk: %s", c->take_index, no_typed);
    rw_site *s = report(f, a, RW_LEFT_UNSUPPORTED, NULL, why.data);
    rw_buf_free(&why);
    rw_buf_free(&uv);
    return s;
  }
  const char *no_stop = typed ? NULL : agnostic_stop_refused(a);
  if (no_stop) {
    rw_site *s = report(f, a, RW_LEFT_UNSUPPORTED, NULL, no_stop);
    rw_buf_free(&uv);
    return s;
  }
  if (typed) {
    rw_buf_printf(&open, "%s_T(actx_thunk_%u, ", macro, typed->id);
    rw_buf_printf(&how, "%s_T (actx_thunk_%u)", macro, typed->id);
  } else {
    rw_buf_printf(&open, "%s(", macro);
    rw_buf_puts(&how, macro);
  }
  if (uv.data)
    rw_buf_printf(&close, "%s)", uv.data);
  else if (a->life == RW_LIFE_KEYED)
    rw_buf_printf(&close, ", %s, %s)", a->key, a->slot);
  else
    rw_buf_puts(&close, ")");
  site_wrap(f, a->r, open.data, close.data);
  site_note_edit_decl(f, a->cs->top);
  rw_site *s = report(f, a, RW_WRAPPED, how.data, no_box);
  rw_buf_free(&open);
  rw_buf_free(&close);
  rw_buf_free(&how);
  rw_buf_free(&uv);
  return s;
}

rw_site *decide_wrap_store(finder *f, CXCursor top, CXCursor value, text_range r, CXType field_type,
                           const rw_contract *c, const char *target, const char *shown,
                           const char *key, const char *slot) {
  call_site cs = {clang_getNullCursor(), clang_getNullCursor(), top};
  argument a = {0};
  a.cs = &cs;
  a.c = c;
  a.life = c->life;
  a.api = target;
  a.index = -1;
  a.param_type = field_type;
  a.param_declared = true;
  a.cast = callback_is_cast(value, field_type, 0);
  a.r = r;
  a.shown = (char *)shown;
  a.where = r.start;
  a.key = (char *)key;
  a.slot = (char *)slot;
  return wrap_stub(f, &a, NULL);
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
  site_wrap(f, a->r, open.data, close.data);
  site_note_edit_decl(f, a->cs->top);
  st->close_bound = true;
  report(f, a, RW_WRAPPED, how.data, NULL);
  rw_buf_free(&open);
  rw_buf_free(&close);
  rw_buf_free(&how);
  return true;
}

/* stop=V compares the callback's result as an integer of its width: why a
 * callback whose result is not an integer (or a pointer) cannot have one. */
static const char *stop_refused(const argument *a) {
  CXType r = callback_result(a);
  const char *refused = NULL;
  if (r.kind == CXType_Pointer || (r.kind != CXType_Invalid && rw_key_conversion(r, &refused)))
    return NULL;
  return "stop= needs a callback returning an integer";
}

/* Decides one argument of a call: left alone (and why), or wrapped. */
static void decide_argument(finder *f, const call_site *cs, const char *api, CXType callee_type,
                            int i, call_state *st) {
  CXCursor call = cs->call;
  CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
  argument a = {0};
  rw_contract by_type; /* a type rule resolved for this argument */
  a.cs = cs;
  a.c = api ? rw_contracts_find_call(f->job->contracts, api, i, f->caller, st->args,
                                     st->args ? clang_Cursor_getNumArguments(call) : 0)
            : NULL;
  a.api = api ? api : "(indirect call)";
  a.index = i;
  a.where = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(arg))).offset;
  a.callee_type = callee_type;
  a.param_type = clang_getArgType(callee_type, (unsigned)i);
  /* K&R callee or variadic part: nothing says how the API will call the
   * pointer, so only boxing (whose contract names the signature's user-data
   * slot) and the signature-agnostic stub may be used. */
  a.param_declared = a.param_type.kind != CXType_Invalid;
  /* No per-function line: a type rule for the parameter's declared type
   * (GAsyncReadyCallback), whatever function declares it. */
  /* An inferred `stores` line names a finding: a type rule that wraps the
   * argument still comes first. */
  const rw_contract *stores = a.c && a.c->stores ? a.c : NULL;
  if (stores)
    a.c = NULL;
  const rw_contract *rule = !a.c && a.param_declared ? type_rule_for(f, a.param_type) : NULL;
  if (rule) {
    type_rule_at(rule, i, clang_Cursor_getNumArguments(call), &by_type);
    a.c = &by_type;
  }
  a.life = a.c ? a.c->life : RW_LIFE_ONCE;
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
  if (fnptr &&
      (lex_starts_with(a.shown, strlen(a.shown), "ACTX_") || strstr(a.shown, "actx_bind("))) {
    st->close_bound |= is_close && lex_starts_with(a.shown, strlen(a.shown), "ACTX_CLOSE_T(");
    report(f, &a, RW_LEFT_BOUND, NULL, "already bound");
  } else if (is_null && !(is_close && a.r.ok && try_close(f, &a, st, &no_close))) {
    report(f, &a, RW_LEFT_NULL, NULL, "NULL callback");
  } else if (is_null) {
    /* bound for the release by try_close */
  } else if (!c && stores) {
    /* the function this call passes it to keeps it: the loss is reported
     * here, where the function stored is named (and, when this is a
     * parameter passed on, at the calls of this function instead) */
    site_note_param_of(report(f, &a, (rw_decision)stores->stores_as, NULL, stores->origin), arg);
  } else if (!c) {
    /* a parameter passed on: --project may find the callee stores it */
    site_note_param_of(report(f, &a, RW_LEFT_NO_CONTRACT, NULL,
                              api ? "no contract for this argument (default: left alone)"
                                  : "call through a function pointer: no contract"),
                       arg);
  } else if (c->life == RW_LIFE_SYNC || c->life == RW_LIFE_IGNORE) {
    report(f, &a, RW_LEFT_SYNC, NULL,
           c->inferred               ? c->origin
           : c->life == RW_LIFE_SYNC ? "synchronous API"
                                     : "ignored by contract");
  } else if (!a.r.ok) {
    report(f, &a, RW_LEFT_MACRO, NULL, a.r.why);
  } else {
    /* A macro that expands this argument twice would get two bindings. */
    loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(a.r.expr)));
    bool null_key = false;
    const char *no_key = NULL, *no_box = NULL;
    if (li.in_macro && li.offset != li.exp_offset && loc_macro_argument_uses(f, a.r.expr) > 1) {
      report(f, &a, RW_LEFT_MACRO, NULL,
             "the macro around this call uses the argument more than once");
    } else if (is_close && c->take_index != -1) {
      report(f, &a, RW_LEFT_UNSUPPORTED, NULL, "take= on a close callback is not supported");
    } else if (c->stop != 0 && stop_refused(&a)) {
      report(f, &a, RW_LEFT_UNSUPPORTED, NULL, stop_refused(&a));
    } else if (is_close) {
      if (!try_close(f, &a, st, &no_close)) {
        a.life = RW_LIFE_ONCE; /* and the release statement, as before */
        wrap_stub(f, &a, no_close);
      }
    } else if ((c->life == RW_LIFE_KEYED ||
                (c->life == RW_LIFE_UNTIL_FALSE && c->key_param != -1)) &&
               (no_key = find_key_and_slot(f, &a, st, &null_key)) != NULL) {
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
  size_t where;
  char *shown = text_shown(f, karg, kr, &where);
  size_t start = 0, semi = 0;
  bool braces = false;
  const char *fail = NULL, *conv = rw_key_conversion(clang_getCursorType(karg), &fail);
  if (!fail)
    fail = site_call_statement(f, cs, true, &start, &semi, &braces);
  bool already = release_follows(f, call, &semi);
  char *slot = NULL;
  if (!fail && c->slot_source != RW_SLOT_NAME)
    fail = run_time_slot(f, call, c->slot_source, c->slot_param, &slot);
  if (fail)
    ; /* the handle cannot be a key */
  else if (!kr.ok)
    fail = "handle argument is not spelled in this file";
  else if (!text_key_is_pure(shown))
    fail = "handle expression has side effects (it would be evaluated twice)";
  if (fail) {
    site_add(f, where, api, c->param, shown, RW_LEFT_UNSUPPORTED, RW_LIFE_KEYED, NULL, fail);
    free(shown);
    free(slot);
    return;
  }
  if (already) {
    site_add(f, where, api, c->param, shown, RW_LEFT_BOUND, RW_LIFE_KEYED, NULL,
             "release already inserted");
    free(shown);
    free(slot);
    return;
  }
  rw_buf text = {0};
  rw_buf key = {0};
  if (conv) /* an integer handle (fd): the same address its bindings were keyed to */
    rw_buf_printf(&key, "%s(%s)", conv, shown);
  else
    rw_buf_puts(&key, shown);
  if (slot) /* slots from an argument: a literal, ACTX_INT_SLOT, ACTX_BITS_SLOT */
    rw_buf_printf(&text, " actx_release_slot(%s, %s);", key.data, slot);
  else if (c->slot) /* some slots of the key: NAME[,NAME...] */
    for (const char *p = c->slot; *p;) {
      size_t n = strcspn(p, ",");
      rw_buf_printf(&text, " actx_release_slot(%s, \"%.*s\");", key.data, (int)n, p);
      p += n + (p[n] == ',');
    }
  else
    rw_buf_printf(&text, " actx_release_key(%s);", key.data);
  rw_buf_free(&key);
  site_after_statement(f, cs, start, semi, braces, text.data);
  site_add(f, where, api, c->param, shown, RW_RELEASE, RW_LIFE_KEYED,
           slot || c->slot ? "actx_release_slot" : "actx_release_key", NULL);
  rw_buf_free(&text);
  free(shown);
  free(slot);
}

/* The calling file that in= patterns are matched against: the input path as
 * given, unless a #line names the call's file otherwise (a rewritten file
 * names its original, so a second run scopes as the first did). */
static char *caller_file(const finder *f, CXCursor call) {
  CXString presumed, main_name = clang_getFileName(f->main_file);
  unsigned line, col;
  clang_getPresumedLocation(clang_getCursorLocation(call), &presumed, &line, &col);
  const char *p = clang_getCString(presumed), *m = clang_getCString(main_name);
  char *caller = rw_xstrdup(p && m && strcmp(p, m) != 0 ? p : f->job->input);
  clang_disposeString(presumed);
  clang_disposeString(main_name);
  return caller;
}

static enum CXChildVisitResult first_child(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  *(CXCursor *)d = c;
  return CXChildVisit_Break;
}

/* The function type a call through a pointer calls, with its parameters as
 * declared (so type rules see their typedef names), or an invalid type. */
static CXType indirect_callee_type(CXCursor call) {
  CXCursor callee = clang_getNullCursor();
  clang_visitChildren(call, first_child, &callee);
  CXType t = clang_Cursor_isNull(callee) ? (CXType){0} : clang_getCursorType(callee);
  bool pointer_seen = false;
  for (int guard = 0; guard < 32; guard++) {
    if (t.kind == CXType_Elaborated)
      t = clang_Type_getNamedType(t);
    else if (t.kind == CXType_Typedef)
      t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
    else if (t.kind == CXType_Pointer && !pointer_seen) {
      pointer_seen = true;
      t = clang_getPointeeType(t);
    } else
      break;
  }
  return t.kind == CXType_FunctionProto ? t : (CXType){0};
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
    api = rw_cursor_spelling(callee);
    callee_type = clang_getCursorType(callee);
  } else {
    callee_type = indirect_callee_type(call);
  }
  if (api && (lex_starts_with(api, strlen(api), "actx_") ||
              lex_starts_with(api, strlen(api), "__builtin"))) {
    free(api);
    return;
  }
  f->caller = caller_file(f, call);
  call_state st = {0};
  int nargs = clang_Cursor_getNumArguments(call);
  if (api && nargs > 0 && rw_contracts_have_when(f->job->contracts, api)) {
    /* when=$N=OPTION lines (curl_easy_setopt) look at how argument N is spelled. */
    st.args = rw_xmalloc((size_t)nargs * sizeof *st.args);
    for (int i = 0; i < nargs; i++) {
      text_range r = loc_argument_range(f, clang_Cursor_getArgument(call, (unsigned)i), call);
      st.args[i] = r.ok ? text_one_line(f, r.start, r.end) : NULL;
    }
  }
  for (int i = 0; i < nargs; i++)
    decide_argument(f, cs, api, callee_type, i, &st);
  if (st.args) {
    for (int i = 0; i < nargs; i++)
      free(st.args[i]);
    free(st.args);
  }
  if (st.result_used) {
    rw_buf open = {0};
    if (st.result_n)
      rw_buf_printf(&open, "ACTX_KEYED_BY_RESULT_N(%u, ", st.result_n);
    else
      rw_buf_puts(&open, "ACTX_KEYED_BY_RESULT(");
    site_wrap(f, st.result_range, open.data, ")");
    rw_buf_free(&open);
  }
  const rw_contract *rel =
      api ? rw_contracts_find_release(f->job->contracts, api, f->caller) : NULL;
  if (rel && !st.close_bound)
    decide_release(f, cs, api, rel);
  if (api)
    handoff_decide_call(f, cs, api);
  const rw_contract *get = api ? rw_contracts_find_getter(f->job->contracts, api, f->caller) : NULL;
  if (get && get->getter_result)
    getters_decide_result(f, cs, api);
  else if (get)
    getters_decide_out(f, cs, api, get);
  free(api);
  free(f->caller);
  f->caller = NULL;
}
