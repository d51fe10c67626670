#line 1 "result_key.c"
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

#include <actx.h>
#line 21 "result_key.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 2, void, (struct bufferevent *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_3, 3, void, (struct bufferevent *actx__a0, short actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_4, 5, void, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4)); int setup(struct event_base *base, int fd, void *state, struct event **out) {
  struct event *ev;
  if ((ev = ACTX_KEYED_BY_RESULT(event_new(base, fd, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), state))) == NULL)
    return 0;
  CHECK(*out = ACTX_KEYED_BY_RESULT(evsignal_new(base, 2, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), state)));
  struct bufferevent *bev = ACTX_KEYED_BY_RESULT(bufferevent_new(fd, ACTX_KEYED_T(actx_thunk_2, on_read, ACTX_RESULT_KEY, "read"), NULL, ACTX_KEYED_T(actx_thunk_3, on_error, ACTX_RESULT_KEY, "event"), state));
  struct evconnlistener *l = ACTX_KEYED_BY_RESULT(evconnlistener_new_bind(base, ACTX_KEYED_T(actx_thunk_4, on_accept, ACTX_RESULT_KEY, "accept"), state, 0, -1, NULL, 0));
  ACTX_KEYED_BY_RESULT(evtimer_new(base,
              ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), NULL));
  struct event *t = COUNTED_TIMER(base, on_event);
  event_free(ev); actx_release_key(ev);
  bufferevent_free(bev); actx_release_key(bev);
  evconnlistener_free(l); actx_release_key(l);
  return t != NULL;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 23 "result_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 26 "result_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (struct bufferevent *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 26 "result_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (struct bufferevent *actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 27 "result_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_4, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4), (actx__a0, actx__a1, actx__a2, actx__a3, actx__a4))
