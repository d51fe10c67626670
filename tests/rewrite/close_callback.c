/* uv_close's callback is the handle's last: it is bound with ACTX_CLOSE_T,
 * which releases the handle's keyed bindings when libuv calls it, not when
 * uv_close returns.  A NULL callback gets one too (that is the release
 * point).  Where a release statement was already written by hand, the old
 * form stays: a once binding and that statement. */
#include <fake_uv.h>

struct conn { uv_tcp_t tcp; uv_timer_t timer; };

static void on_closed(uv_handle_t *h) { (void)h; }
static void on_timer(uv_timer_t *t) { uv_close((uv_handle_t *)t, on_closed); }

void stop(struct conn *c, int quiet) {
  uv_timer_start(&c->timer, on_timer, 1, 0);
  if (quiet)
    uv_close((uv_handle_t *)&c->timer, NULL);
  else
    uv_close((uv_handle_t *)&c->timer, (uv_close_cb)0);
  uv_tcp_close_reset(&c->tcp, on_closed);
  uv_close((uv_handle_t *)&c->tcp, on_closed); actx_release_key((uv_handle_t *)&c->tcp);
}
