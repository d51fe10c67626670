/* --check: exit 1 and one warning per site that loses context -- sites the
 * tool would wrap, and sites it cannot handle. */
#include <fake_uv.h>

#define ARM(t) uv_timer_start((t), on_timer, 1, 0)
static void on_timer(uv_timer_t *h) { (void)h; }
static void on_idle(uv_idle_t *h) { (void)h; }

void go(uv_timer_t *t, uv_idle_t *i) {
  ARM(t);
  uv_idle_start(i, on_idle);
  uv_close((uv_handle_t *)t, NULL);
}
