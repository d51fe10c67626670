/* event_base_once: one call, user data boxed. */
#include <fake_event.h>

static void later(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

int defer(struct event_base *base, void *arg) {
  return event_base_once(base, -1, EV_TIMEOUT, later, arg, NULL);
}
