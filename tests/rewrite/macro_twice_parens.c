/* A macro that parenthesises its callback argument and uses it twice: the
 * parentheses are looked through, and the double use is still caught. */
#include <fake_uv.h>

#define ARM_TWO(a, b, cb) (uv_timer_start((a), (cb), 1, 0), uv_timer_start((b), (cb), 2, 0))
#define ARM_ONE(a, cb) uv_timer_start((a), (cb), 1, 0)

static void on_timer(uv_timer_t *h) { (void)h; }

void arm(uv_timer_t *a, uv_timer_t *b) {
  (void)ARM_TWO(a, b, on_timer);
  ARM_ONE(a, on_timer);
}
