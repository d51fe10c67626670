#line 1 "include_conditional.c"
/* The first edited function is inside #ifdef ... #endif and a later one is
 * not: the include goes before the #ifdef, so it does not depend on it. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static void on_idle(uv_idle_t *h) { (void)h; }

#include <actx.h>
#line 8 "include_conditional.c"
#ifdef __linux__
/* Platform-specific start. */
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int start_linux(uv_timer_t *t) {
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0);
}
#endif

ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_idle_t *actx__a0)); int start_idle(uv_idle_t *i) {
  return uv_idle_start(i, ACTX_KEYED_T(actx_thunk_2, on_idle, i, "idle"));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "include_conditional.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
#line 16 "include_conditional.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_idle_t *actx__a0), (actx__a0))
