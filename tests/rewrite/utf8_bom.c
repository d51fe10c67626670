/* A UTF-8 byte-order mark stays the first bytes, before the #line. */
#include <fake_uv.h>
static void on_timer(uv_timer_t *h) { (void)h; }
int go(uv_timer_t *t) {
  return uv_timer_start(t, on_timer, 1, 0);
}
