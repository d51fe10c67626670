/* Callbacks keyed by the call's own result (event_new, evtimer_new,
 * bufferevent_new, evconnlistener_new_bind): the call is wrapped in
 * ACTX_KEYED_BY_RESULT(...) and the bindings made inside it name
 * ACTX_RESULT_KEY; the runtime keys them to the result once the call returns
 * (a NULL result releases them).  A macro that puts more than the call
 * around it cannot be wrapped and is reported. */
#include <fake_event.h>

#define CHECK(x) do { if (!(x)) return 0; } while (0)
#define COUNTED_TIMER(b, cb) (made++, evtimer_new(b, cb, NULL))

static int made;
static void on_event(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void on_read(struct bufferevent *bev, void *arg) { (void)bev; (void)arg; }
static void on_error(struct bufferevent *bev, short what, void *arg) { (void)bev; (void)what; (void)arg; }
static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}

int setup(struct event_base *base, int fd, void *state, struct event **out) {
  struct event *ev;
  if ((ev = event_new(base, fd, EV_READ, on_event, state)) == NULL)
    return 0;
  CHECK(*out = evsignal_new(base, 2, on_event, state));
  struct bufferevent *bev = bufferevent_new(fd, on_read, NULL, on_error, state);
  struct evconnlistener *l = evconnlistener_new_bind(base, on_accept, state, 0, -1, NULL, 0);
  evtimer_new(base,
              on_event, NULL);
  struct event *t = COUNTED_TIMER(base, on_event);
  event_free(ev);
  bufferevent_free(bev);
  evconnlistener_free(l);
  return t != NULL;
}
