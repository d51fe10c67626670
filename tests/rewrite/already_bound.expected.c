/* Code that already uses the bind macros is left as it is. */
#include <fake_uv.h>
#include <actx.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static void on_closed(uv_handle_t *h) { (void)h; }

void go(uv_timer_t *t) {
  uv_timer_start(t, ACTX_KEYED(on_timer, t, "timer"), 1, 0);
  uv_close((uv_handle_t *)t, ACTX_ONCE(on_closed)); actx_release_key((uv_handle_t *)t);
}
