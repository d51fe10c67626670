/* The callback comes from the body of the macro that makes the call: there
 * is no text in this file to wrap, so the site is reported. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
#define ARM(t) uv_timer_start((t), on_timer, 1, 0)

void arm(uv_timer_t *t) {
  ARM(t);
}
