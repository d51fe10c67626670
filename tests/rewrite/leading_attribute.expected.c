#line 1 "leading_attribute.c"
/* A function with a leading attribute: the prototype goes before the attribute,
 * which stays with its function. */
#include <fake_uv.h>
static void on_timer(uv_timer_t *h) { (void)h; }
#include <actx.h>
#line 5 "leading_attribute.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); __attribute__((unused)) static int go(uv_timer_t *t) {
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 6 "leading_attribute.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
