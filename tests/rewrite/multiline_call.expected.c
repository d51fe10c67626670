#line 1 "multiline_call.c"
/* Arguments spread over lines and comments between them: only text is
 * inserted, no line is added or removed. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 7 "multiline_call.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int go(uv_timer_t *t, int fast) {
  return uv_timer_start(t,
                        /* the callback: */ ACTX_KEYED_T(actx_thunk_1, fast
                            ? on_timer
                            : (uv_timer_cb)0, t, "timer"),
                        100,
                        0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "multiline_call.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
