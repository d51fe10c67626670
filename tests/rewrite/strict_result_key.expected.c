#line 1 "strict_result_key.c"
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

#include <actx.h>
#line 22 "strict_result_key.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); int watch(struct event_base *base, int fd, void *state, struct event **out) {
  struct event local;
  struct event *ev = ACTX_KEYED_BY_RESULT(event_new(base, fd, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), state));
  if (ev == NULL)
    return 0;
  *out = ACTX_KEYED_BY_RESULT(event_new(base, fd, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), ACTX_KEYED_BY_RESULT_N(1, event_new(base, -1, 0, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY_N(1), "event"), state))));
  if (event_assign(&local, base, fd, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, &local, "event"), state) != 0)
    return 0;
  event_free(ev); actx_release_key(ev);
  return local.fd;
}

int arm(struct event_base *base, int fd) {
  struct event ev; /* written by event_assign, after its box is keyed to it */
  event_assign(&ev, base, fd, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, &ev, "event"), NULL);
  return event_add(&ev, NULL);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 24 "strict_result_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
