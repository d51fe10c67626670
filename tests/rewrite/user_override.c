/* A user contract overrides a built-in one: here uv_timer_start is declared
 * one-shot by the project (its timers never repeat). */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

int go(uv_timer_t *t) {
  return uv_timer_start(t, on_timer, 1, 0);
}
