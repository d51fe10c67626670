/* getters.c -- getter contracts: the program gets back the function it
 * registered, not the binding's stub.  A getter's result becomes
 * ACTX_UNWRAP_FN(call); its out-parameters get actx_unwrap_fn_at(OUT); after
 * the statement.  User data is never unwrapped: APIs with getters are never
 * boxed (tool/contracts/libevent.contracts).
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

static void getter_site(finder *f, size_t where, const char *api, int param, const char *arg,
                        rw_decision d, const char *how, const char *reason) {
  rw_site *site = site_add(f, where, api, param, arg, d, RW_LIFE_SYNC, how, reason);
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
void getters_decide_result(finder *f, const call_site *cs, const char *api) {
  CXCursor call = cs->call;
  size_t where = loc_call_start(f, call);
  text_range r = {0};
  const char *why = NULL;
  char *shown = text_display(f, call);
  if (!rw_is_function_pointer(clang_getCursorType(call)))
    why = "getter result is not a function pointer (user data is never unwrapped)";
  else if (site_preceded_by(f, where, "ACTX_UNWRAP_FN(")) {
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
  site_wrap(f, r, "ACTX_UNWRAP_FN(", ")");
  site_note_edit_decl(f, cs->top);
  getter_site(f, r.start, api, -1, shown, RW_UNWRAPPED, "ACTX_UNWRAP_FN", NULL);
  free(shown);
}

/* A getter's out-parameters: actx_unwrap_fn_at(OUT); after the statement for
 * each one that is not NULL.  All or none: the out expressions are repeated,
 * so each must be free of side effects. */
void getters_decide_out(finder *f, const call_site *cs, const char *api, const rw_contract *c) {
  CXCursor call = cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  size_t start, semi;
  bool braces;
  const char *fail = site_call_statement(f, cs, false, &start, &semi, &braces);
  bool already = site_statement_followed_by(f, call, "actx_unwrap_fn_at(", &semi);
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
    shown[k] = text_shown(f, arg, r, &where[k]);
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
    site_after_statement(f, cs, start, semi, braces, text.data);
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
      getter_site(f, where[k], api, c->getter_out[k], shown[k], RW_UNWRAPPED, "actx_unwrap_fn_at",
                  NULL);
    free(shown[k]);
  }
  rw_buf_free(&text);
}
