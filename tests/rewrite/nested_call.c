/* Callback arguments inside a call that is itself an argument. */
#include <fake_uv.h>

int check(int rc);
static void on_timer(uv_timer_t *h) { (void)h; }
static void on_idle(uv_idle_t *h) { (void)h; }

int go(uv_timer_t *t, uv_idle_t *i) {
  return check(uv_timer_start(t, on_timer, 1, 0)) + check(uv_idle_start(i, on_idle));
}
