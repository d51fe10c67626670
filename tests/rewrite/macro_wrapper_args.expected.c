#line 1 "macro_wrapper_args.c"
/* A user macro passing its arguments on: both the callback and the key are
 * spelled in the macro's arguments, so the edit happens there. */
#include <fake_uv.h>

#define ARM_TIMER(handle, cb, ms) uv_timer_start((handle), (cb), (ms), 0)

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 9 "macro_wrapper_args.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); void arm(uv_timer_t *t) {
  ARM_TIMER(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 100);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "macro_wrapper_args.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
