/* --check counts the findings per tag, after one warning per site (the
 * tagged findings, and the sites a rewrite would wrap). */
#include <fake_uv.h>

#define ARM(t) uv_timer_start((t), on_timer, 1, 0)
void my_defer(void (*fn)(void *), void *arg);
static void on_timer(uv_timer_t *h) { (void)h; }
static void later(void *arg) { (void)arg; }

void go(uv_timer_t *t, uv_timer_t **ts, int n) {
  ARM(t);
  my_defer(later, t);
  uv_timer_start(ts[n++], on_timer, 1, 0);
}
