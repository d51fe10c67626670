/* A callback held in a local variable and in a parameter. */
#include <fake_uv.h>

static void on_fast(uv_timer_t *handle) { (void)handle; }

int start(uv_timer_t *t, uv_timer_cb given) {
  uv_timer_cb cb = on_fast;
  uv_timer_start(t, cb, 1, 0);
  return uv_timer_start(t, given, 2, 0);
}
