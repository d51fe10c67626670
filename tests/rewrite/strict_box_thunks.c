/* Box thunks under the strict warning set (strict-case.sh): a void one
 * (event_base_once's callback) returns nothing, a thunk used by several box
 * sites is declared once (-Wredundant-decls), and a value-returning one
 * (pthread_create's) still returns the callback's result. */
#include <fake_event.h>
#include <fake_pthread.h>

int start_both(struct event_base *base, pthread_t *t, void *arg);
int start_again(struct event_base *base, void *arg);

static void on_once(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  (void)arg;
}
static void *worker(void *arg) { return arg; }

int start_both(struct event_base *base, pthread_t *t, void *arg) {
  int r = event_base_once(base, -1, EV_TIMEOUT, on_once, arg, NULL);
  r += event_base_once(base, -1, EV_TIMEOUT, on_once, NULL, NULL);
  return r + pthread_create(t, NULL, worker, arg);
}

int start_again(struct event_base *base, void *arg) {
  return event_base_once(base, -1, EV_TIMEOUT, on_once, arg, NULL);
}
