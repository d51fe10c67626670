#line 1 "plain_name.c"
/* A callback passed by name. */
#include <fake_uv.h>

static uv_timer_t timer;

static void on_timer(uv_timer_t *handle) { (void)handle; }

#include <actx.h>
#line 8 "plain_name.c"
int start(void) {
  return uv_timer_start(&timer, ACTX_KEYED(on_timer, &timer, "timer"), 100, 0);
}
