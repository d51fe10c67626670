#line 1 "getter_contract.c"
/* getter lines in a user contract file: a result getter, an out-parameter
 * getter (as the body of an if: braces added), and a getter whose result is
 * not a function pointer (reported: user data is never unwrapped). */
struct thing;
typedef void (*watch_fn)(struct thing *t, int what);
void my_watch(struct thing *t, watch_fn fn);
void my_release(struct thing *t);
watch_fn my_get_watch(const struct thing *t);
void my_get_both(const struct thing *t, watch_fn *watch, watch_fn *other);
void *my_get_data(const struct thing *t);

static void on_watch(struct thing *t, int what) { (void)t; (void)what; }

#include <actx.h>
#line 14 "getter_contract.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 2, void, (struct thing *actx__a0, int actx__a1)); int same(struct thing *t) {
  watch_fn a, b;
  my_watch(t, ACTX_KEYED_T(actx_thunk_1, on_watch, t, "watch"));
  if (ACTX_UNWRAP_FN(my_get_watch(t)) != on_watch)
    { my_get_both(t, &a, &b); actx_unwrap_fn_at(&a); actx_unwrap_fn_at(&b); }
  return my_get_data(t) != 0;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 16 "getter_contract.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (struct thing *actx__a0, int actx__a1), (actx__a0, actx__a1))
