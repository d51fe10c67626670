#line 1 "close_callback.c"
/* uv_close's callback is the handle's last: it is bound with ACTX_CLOSE_T,
 * which releases the handle's keyed bindings when libuv calls it, not when
 * uv_close returns.  A NULL callback gets one too (that is the release
 * point).  Where a release statement was already written by hand, the old
 * form stays: a once binding and that statement. */
#include <fake_uv.h>

struct conn { uv_tcp_t tcp; uv_timer_t timer; };

static void on_closed(uv_handle_t *h) { (void)h; }
#include <actx.h>
#line 11 "close_callback.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_2, (uv_handle_t *actx__a0)); static void on_timer(uv_timer_t *t) { uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, on_closed, (uv_handle_t *)t)); }

ACTX_THUNK_R_DECL(actx_thunk_3, 1, void, (uv_timer_t *actx__a0)); void stop(struct conn *c, int quiet) {
  uv_timer_start(&c->timer, ACTX_KEYED_T(actx_thunk_3, on_timer, &c->timer, "timer"), 1, 0);
  if (quiet)
    uv_close((uv_handle_t *)&c->timer, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, NULL, (uv_handle_t *)&c->timer));
  else
    uv_close((uv_handle_t *)&c->timer, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, (uv_close_cb)0, (uv_handle_t *)&c->timer));
  uv_tcp_close_reset(&c->tcp, ACTX_CLOSE_T(actx_thunk_1, actx_thunk_2, on_closed, &c->tcp));
  uv_close((uv_handle_t *)&c->tcp, ACTX_ONCE_T(actx_thunk_1, on_closed)); actx_release_key((uv_handle_t *)&c->tcp);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "close_callback.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_handle_t *actx__a0), (actx__a0))
#line 11 "close_callback.c"
ACTX_CLOSE_FN(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
#line 14 "close_callback.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (uv_timer_t *actx__a0), (actx__a0))
