/* A callback passed by name. */
#include <fake_uv.h>

static uv_timer_t timer;

static void on_timer(uv_timer_t *handle) { (void)handle; }

int start(void) {
  return uv_timer_start(&timer, on_timer, 100, 0);
}
