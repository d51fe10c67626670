#line 1 "getters.c"
/* Getters hand back the program's own callbacks: a getter's result is wrapped
 * in ACTX_UNWRAP_FN, its out-parameters are unwrapped after the statement
 * (NULL ones skipped), so `event_get_callback(ev) == on_event` stays true. */
#include <fake_event.h>

static void on_event(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void on_read(struct bufferevent *bev, void *ctx) { (void)bev; (void)ctx; }
bufferevent_data_cb *next_slot(void);

#include <actx.h>
#line 10 "getters.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); int same(struct event *ev, struct bufferevent *bev) {
  event_callback_fn cb, any;
  bufferevent_data_cb r, w;
  bufferevent_event_cb e;
  void *arg;
  event_assign(ev, NULL, -1, 0, ACTX_KEYED_T(actx_thunk_1, on_event, ev, "event"), NULL);
  cb = ACTX_UNWRAP_FN(event_get_callback(ev));
  event_get_assignment(ev, NULL, NULL, NULL, &any, &arg); actx_unwrap_fn_at(&any);
  if (cb == on_event)
    { bufferevent_getcb(bev, &r, &w, &e, NULL); actx_unwrap_fn_at(&r); actx_unwrap_fn_at(&w); actx_unwrap_fn_at(&e); }
  bufferevent_getcb(bev, &r, NULL, NULL, &arg); actx_unwrap_fn_at(&r);
  /* left alone and reported: the out-parameter would be evaluated twice */
  bufferevent_getcb(bev, next_slot(), &w, &e, &arg);
  /* re-registering what a getter returned binds the program's function */
  event_assign(ev, NULL, -1, 0, ACTX_KEYED_T(actx_thunk_1, ACTX_UNWRAP_FN(event_get_callback(ev)), ev, "event"), NULL);
  return r == on_read && any == cb && event_get_callback_arg(ev) == NULL;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 15 "getters.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
