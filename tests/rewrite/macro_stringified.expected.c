#line 1 "macro_stringified.c"
/* A macro that both evaluates and stringifies its argument: the argument is
 * used once as code, so it is wrapped; the string shows the wrapped text. */
#include <fake_uv.h>

int log_call(const char *text, int rc);
#define LOGGED(call) log_call(#call, (call))

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 10 "macro_stringified.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int arm(uv_timer_t *t) {
  return LOGGED(uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "macro_stringified.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
