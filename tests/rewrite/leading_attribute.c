/* A function with a leading attribute: the prototype goes before the attribute,
 * which stays with its function. */
#include <fake_uv.h>
static void on_timer(uv_timer_t *h) { (void)h; }
__attribute__((unused)) static int go(uv_timer_t *t) {
  return uv_timer_start(t, on_timer, 1, 0);
}
