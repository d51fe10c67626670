#include <actx.h>
#line 1 "include_fallback.c"
/* The first edited function shares its line with another declaration, so
 * no directive can go before it: the include goes to the top instead. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

static int unused_counter; ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int go(uv_timer_t *t) {
  (void)unused_counter;
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "include_fallback.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
