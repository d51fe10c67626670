/* A conditional expression choosing the callback (or NULL). */
#include <fake_uv.h>

static void on_fast(uv_timer_t *h) { (void)h; }
static void on_slow(uv_timer_t *h) { (void)h; }
static void on_closed(uv_handle_t *h) { (void)h; }

void arm(uv_timer_t *t, int fast, int notify) {
  uv_timer_start(t, fast ? on_fast : on_slow, 10, 0);
  uv_close((uv_handle_t *)t, notify ? on_closed : NULL);
}
