#line 1 "plain_name.c"
/* A callback passed by name. */
#include <fake_uv.h>

static uv_timer_t timer;

static void on_timer(uv_timer_t *handle) { (void)handle; }

#include <actx.h>
#line 8 "plain_name.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int start(void) {
  return uv_timer_start(&timer, ACTX_KEYED_T(actx_thunk_1, on_timer, &timer, "timer"), 100, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "plain_name.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
