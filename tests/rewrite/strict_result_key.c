/* Keys under the strict warning set at -O2 (strict-case.sh): the placeholder
 * of ACTX_KEYED_BY_RESULT and an event that is only assigned by the call that
 * binds its callback are addresses the runtime never reads, not uninitialized
 * reads (-Wmaybe-uninitialized); a result-keyed call inside another one's
 * arguments (here its user data) must not shadow the outer one's names
 * (-Wshadow). */
#include <fake_event.h>

struct event {
  int fd;
};

int watch(struct event_base *base, int fd, void *state, struct event **out);
int arm(struct event_base *base, int fd);

static void on_event(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  (void)arg;
}

int watch(struct event_base *base, int fd, void *state, struct event **out) {
  struct event local;
  struct event *ev = event_new(base, fd, EV_READ, on_event, state);
  if (ev == NULL)
    return 0;
  *out = event_new(base, fd, EV_READ, on_event, event_new(base, -1, 0, on_event, state));
  if (event_assign(&local, base, fd, EV_READ, on_event, state) != 0)
    return 0;
  event_free(ev);
  return local.fd;
}

int arm(struct event_base *base, int fd) {
  struct event ev; /* written by event_assign, after its box is keyed to it */
  event_assign(&ev, base, fd, EV_READ, on_event, NULL);
  return event_add(&ev, NULL);
}
