#line 1 "macro_object_like.c"
/* An object-like macro naming the callback is wrapped as written. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
#define TIMER_CALLBACK on_timer
#define TIMER_HANDLE (&global_timer)

static uv_timer_t global_timer;

#include <actx.h>
#line 10 "macro_object_like.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); void arm(void) {
  uv_timer_start(TIMER_HANDLE, ACTX_KEYED_T(actx_thunk_1, TIMER_CALLBACK, TIMER_HANDLE, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "macro_object_like.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
