#line 1 "user_override.c"
/* A user contract overrides a built-in one: here uv_timer_start is declared
 * one-shot by the project (its timers never repeat). */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 7 "user_override.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int go(uv_timer_t *t) {
  return uv_timer_start(t, ACTX_ONCE_T(actx_thunk_1, on_timer), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 8 "user_override.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
