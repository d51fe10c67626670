/* event_new's key is its own result: the call is wrapped in
 * ACTX_KEYED_BY_RESULT and the binding is keyed to ACTX_RESULT_KEY (result_key.c
 * has more forms). */
#include <fake_event.h>

static void on_read(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

struct event *watch(struct event_base *base, int fd, void *state) {
  struct event *t = evtimer_new(base, on_read, state);
  (void)t;
  return event_new(base, fd, EV_READ | EV_PERSIST, on_read, state);
}
