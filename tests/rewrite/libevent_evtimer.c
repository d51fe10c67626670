/* evtimer_assign is a libevent macro over event_assign: the callback is
 * bound, keyed by the event (its user data is not boxed); event_free releases the key. */
#include <fake_event.h>

struct request { struct event *timeout; int id; };

static void on_timeout(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

void arm(struct event_base *base, struct request *r) {
  evtimer_assign(r->timeout, base, on_timeout, r);
  event_add(r->timeout, NULL);
}

void done(struct request *r) {
  event_free(r->timeout);
}
