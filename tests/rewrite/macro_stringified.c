/* A macro that both evaluates and stringifies its argument: the argument is
 * used once as code, so it is wrapped; the string shows the wrapped text. */
#include <fake_uv.h>

int log_call(const char *text, int rc);
#define LOGGED(call) log_call(#call, (call))

static void on_timer(uv_timer_t *h) { (void)h; }

int arm(uv_timer_t *t) {
  return LOGGED(uv_timer_start(t, on_timer, 1, 0));
}
