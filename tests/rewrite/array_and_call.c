/* Callbacks from an array element and from a function returning one; the
 * wrapped expression is evaluated once by the bind macro. */
#include <fake_uv.h>

static void on_a(uv_timer_t *h) { (void)h; }
static void on_b(uv_timer_t *h) { (void)h; }
static uv_timer_cb handlers[2] = {on_a, on_b};
static uv_timer_cb pick(int i) { return handlers[i & 1]; }

void arm(uv_timer_t *t, int i) {
  uv_timer_start(&t[0], handlers[i], 1, 0);
  uv_timer_start(&t[1], pick(i + 1), 1, 0);
}
