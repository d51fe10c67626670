#line 1 "libevent_event_new.c"
/* event_new's key is its own result: the call is wrapped in
 * ACTX_KEYED_BY_RESULT and the binding is keyed to ACTX_RESULT_KEY (result_key.c
 * has more forms). */
#include <fake_event.h>

static void on_read(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

#include <actx.h>
#line 8 "libevent_event_new.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); struct event *watch(struct event_base *base, int fd, void *state) {
  struct event *t = ACTX_KEYED_BY_RESULT(evtimer_new(base, ACTX_KEYED_T(actx_thunk_1, on_read, ACTX_RESULT_KEY, "event"), state));
  (void)t;
  return ACTX_KEYED_BY_RESULT(event_new(base, fd, EV_READ | EV_PERSIST, ACTX_KEYED_T(actx_thunk_1, on_read, ACTX_RESULT_KEY, "event"), state));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "libevent_event_new.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
