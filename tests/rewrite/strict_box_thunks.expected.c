#line 1 "strict_box_thunks.c"
/* Box thunks under the strict warning set (strict-case.sh): a void one
 * (event_base_once's callback) returns nothing, a thunk used by several box
 * sites is declared once (-Wredundant-decls), and a value-returning one
 * (pthread_create's) still returns the callback's result. */
#include <fake_event.h>
#include <fake_pthread.h>

int start_both(struct event_base *base, pthread_t *t, void *arg);
int start_again(struct event_base *base, void *arg);

static void on_once(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  (void)arg;
}
static void *worker(void *arg) { return arg; }

#include <actx.h>
#line 18 "strict_box_thunks.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); ACTX_BOX_THUNK_DECL(actx_thunk_2, void *, (void *actx__a0)); int start_both(struct event_base *base, pthread_t *t, void *arg) {
  int r = event_base_once(base, -1, EV_TIMEOUT, ACTX_BOXED(actx_thunk_1, on_once), ACTX_BOX_ONCE(on_once, arg), NULL);
  r += event_base_once(base, -1, EV_TIMEOUT, ACTX_BOXED(actx_thunk_1, on_once), ACTX_BOX_ONCE(on_once, NULL), NULL);
  return r + pthread_create(t, NULL, ACTX_BOXED(actx_thunk_2, worker), ACTX_BOX_ONCE(worker, arg));
}

int start_again(struct event_base *base, void *arg) {
  return event_base_once(base, -1, EV_TIMEOUT, ACTX_BOXED(actx_thunk_1, on_once), ACTX_BOX_ONCE(on_once, arg), NULL);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 19 "strict_box_thunks.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
#line 21 "strict_box_thunks.c"
ACTX_BOX_THUNK_BODY(actx_thunk_2, void *, (void *actx__a0), (actx__a0), 0)
