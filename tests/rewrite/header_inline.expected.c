/* The call inside the header's static inline function is not edited; the
 * call of the helper from this file has no contract and is reported. */
#include <inline_reg.h>

static void on_timer(uv_timer_t *h) { (void)h; }

int go(uv_timer_t *t) {
  return arm_timer(t, on_timer);
}
