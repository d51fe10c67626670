/* handoff.c -- hand-off contracts at a call (docs/contracts.md, "Hand-offs"):
 * the item argument of a push (`FUNCTION carry N`) becomes ACTX_CARRY(item),
 * which records the current context for it and has its type; the call of a
 * pop (`FUNCTION take result`) becomes ACTX_TAKE(call), which enters the
 * context the item it returns carries; the item argument of a removal
 * (`FUNCTION drop N`) becomes ACTX_DROP(item), which gives up what the item
 * carries.  Each evaluates what it wraps once.
 * A callback line's take=K (the item as a callback parameter) is decide.c's:
 * a take thunk (emit.c).
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

/* Whether t is an object pointer or an array (what ACTX_CARRY takes). */
static bool is_item_type(CXType t) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray ||
      c.kind == CXType_VariableArray)
    return true;
  return c.kind == CXType_Pointer && !rw_is_function_pointer(c);
}

/* The item argument of a push, ACTX_CARRY(item), or with `drop` of a
 * removal, ACTX_DROP(item). */
static void decide_item(finder *f, const call_site *cs, const char *api, const rw_contract *c,
                        bool drop) {
  const char *macro = drop ? "ACTX_DROP" : "ACTX_CARRY",
             *open = drop ? "ACTX_DROP(" : "ACTX_CARRY(";
  CXCursor call = cs->call;
  int nargs = clang_Cursor_getNumArguments(call);
  if (c->param >= nargs) {
    site_add(f, loc_call_start(f, call), api, c->param, "", RW_LEFT_UNSUPPORTED, RW_LIFE_ONCE, NULL,
             "contract names an item argument the call does not have");
    return;
  }
  CXCursor arg = clang_Cursor_getArgument(call, (unsigned)c->param);
  text_range r = loc_argument_range(f, arg, call);
  size_t where;
  char *shown = text_shown(f, arg, r, &where);
  rw_decision d = RW_LEFT_UNSUPPORTED;
  const char *why = NULL;
  if (text_is_null(shown) || text_is_null_constant(arg)) {
    d = RW_LEFT_NULL;
    why = drop ? "NULL item: nothing to drop" : "NULL item: nothing to carry";
  } else if (!is_item_type(clang_getCursorType(arg))) {
    why = "the item is not an object pointer";
  } else if (lex_starts_with(shown, strlen(shown), open)) {
    d = RW_LEFT_BOUND;
    why = drop ? "already dropped" : "already carried";
  } else if (!r.ok) {
    d = RW_LEFT_MACRO;
    why = r.why;
  } else {
    loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(r.expr)));
    if (li.in_macro && li.offset != li.exp_offset && loc_macro_argument_uses(f, r.expr) > 1) {
      d = RW_LEFT_MACRO;
      why = "the macro around this call uses the argument more than once";
    } else {
      site_wrap(f, r, open, ")");
      site_note_edit_decl(f, cs->top);
      d = RW_WRAPPED;
    }
  }
  site_add(f, where, api, c->param, shown, d, RW_LIFE_ONCE, d == RW_WRAPPED ? macro : NULL, why);
  free(shown);
}

/* The call of a pop: ACTX_TAKE(call).  Reported as its result (index -1). */
static void decide_take(finder *f, const call_site *cs, const char *api) {
  CXCursor call = cs->call;
  size_t where = loc_call_start(f, call);
  char *shown = text_display(f, call);
  text_range r = {0};
  const char *why = NULL;
  rw_decision d = RW_LEFT_UNSUPPORTED;
  if (!is_item_type(clang_getCursorType(call))) {
    why = "the call's result is not an object pointer";
  } else if (site_preceded_by(f, where, "ACTX_TAKE(")) {
    d = RW_LEFT_BOUND;
    why = "already taken";
  } else if ((why = loc_call_range(f, cs, api, &r)) == NULL) {
    site_wrap(f, r, "ACTX_TAKE(", ")");
    site_note_edit_decl(f, cs->top);
    d = RW_WRAPPED;
    where = r.start;
  }
  site_add(f, where, api, -1, shown, d, RW_LIFE_ONCE, d == RW_WRAPPED ? "ACTX_TAKE" : NULL, why);
  free(shown);
}

void handoff_decide_call(finder *f, const call_site *cs, const char *api) {
  const rw_contract *carry = rw_contracts_find_carry(f->job->contracts, api, f->job->input);
  if (carry)
    decide_item(f, cs, api, carry, false);
  const rw_contract *drop = rw_contracts_find_drop(f->job->contracts, api, f->job->input);
  if (drop)
    decide_item(f, cs, api, drop, true);
  if (rw_contracts_find_take(f->job->contracts, api, f->job->input))
    decide_take(f, cs, api);
}
