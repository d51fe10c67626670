/* The first edited function shares its line with another declaration, so
 * no directive can go before it: the include goes to the top instead. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

static int unused_counter; int go(uv_timer_t *t) {
  (void)unused_counter;
  return uv_timer_start(t, on_timer, 1, 0);
}
