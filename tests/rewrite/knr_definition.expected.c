#line 1 "knr_definition.c"
/* An old-style (K&R) function definition containing a registration. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 6 "knr_definition.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int arm(t, ms)
uv_timer_t *t;
int ms;
{
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), (unsigned long long)ms, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "knr_definition.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
