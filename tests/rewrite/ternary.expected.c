#line 1 "ternary.c"
/* A conditional expression choosing the callback (or NULL). */
#include <fake_uv.h>

static void on_fast(uv_timer_t *h) { (void)h; }
static void on_slow(uv_timer_t *h) { (void)h; }
static void on_closed(uv_handle_t *h) { (void)h; }

#include <actx.h>
#line 8 "ternary.c"
void arm(uv_timer_t *t, int fast, int notify) {
  uv_timer_start(t, ACTX_KEYED(fast ? on_fast : on_slow, t, "timer"), 10, 0);
  uv_close((uv_handle_t *)t, ACTX_ONCE(notify ? on_closed : NULL)); actx_release_key((uv_handle_t *)t);
}
