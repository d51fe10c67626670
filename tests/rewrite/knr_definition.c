/* An old-style (K&R) function definition containing a registration. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

int arm(t, ms)
uv_timer_t *t;
int ms;
{
  return uv_timer_start(t, on_timer, (unsigned long long)ms, 0);
}
