/* --diff shows the edited call sites and nothing else (not the #line, the
 * include or thunks). */
#include <fake_pthread.h>
#include <fake_uv.h>

static void *worker(void *arg) { return arg; }
static void on_timer(uv_timer_t *h) { (void)h; }

int go(pthread_t *th, uv_timer_t *t) {
  uv_timer_start(t, on_timer,
                 1, 0);
  uv_close((uv_handle_t *)t, NULL);

  return pthread_create(th, NULL, worker, t);
}
