#line 1 "libevent_once.c"
/* event_base_once: one call, user data boxed. */
#include <fake_event.h>

static void later(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

#include <actx.h>
#line 6 "libevent_once.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); int defer(struct event_base *base, void *arg) {
  return event_base_once(base, -1, EV_TIMEOUT, ACTX_BOXED(actx_thunk_1, later), ACTX_BOX_ONCE(later, arg), NULL);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 7 "libevent_once.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
