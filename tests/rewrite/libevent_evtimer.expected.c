#line 1 "libevent_evtimer.c"
/* evtimer_assign is a libevent macro over event_assign: the callback is
 * bound, keyed by the event (its user data is not boxed); event_free releases the key. */
#include <fake_event.h>

struct request { struct event *timeout; int id; };

static void on_timeout(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

#include <actx.h>
#line 9 "libevent_evtimer.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); void arm(struct event_base *base, struct request *r) {
  evtimer_assign(r->timeout, base, ACTX_KEYED_T(actx_thunk_1, on_timeout, r->timeout, "event"), r);
  event_add(r->timeout, NULL);
}

void done(struct request *r) {
  event_free(r->timeout); actx_release_key(r->timeout);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "libevent_evtimer.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
