#line 1 "array_and_call.c"
/* Callbacks from an array element and from a function returning one; the
 * wrapped expression is evaluated once by the bind macro. */
#include <fake_uv.h>

static void on_a(uv_timer_t *h) { (void)h; }
static void on_b(uv_timer_t *h) { (void)h; }
static uv_timer_cb handlers[2] = {on_a, on_b};
static uv_timer_cb pick(int i) { return handlers[i & 1]; }

#include <actx.h>
#line 10 "array_and_call.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); void arm(uv_timer_t *t, int i) {
  uv_timer_start(&t[0], ACTX_KEYED_T(actx_thunk_1, handlers[i], &t[0], "timer"), 1, 0);
  uv_timer_start(&t[1], ACTX_KEYED_T(actx_thunk_1, pick(i + 1), &t[1], "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "array_and_call.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
