/* A macro that expands its argument twice would create two bindings (and
 * evaluate the argument twice): reported, not edited. */
#include <fake_uv.h>

#define START_BOTH(a, b, cb) (uv_timer_start((a), cb, 1, 0), uv_timer_start((b), cb, 2, 0))

static void on_timer(uv_timer_t *h) { (void)h; }

void arm(uv_timer_t *a, uv_timer_t *b) {
  (void)START_BOTH(a, b, on_timer);
}
