#line 1 "user_data_shared.c"
/* User data that the API also hands to another callback, a getter or a
 * sentinel is never boxed: each of these would see the box instead of the
 * value the program passed (docs/contracts.md, data=). */
#include <fake_event.h>
#include <fake_glib.h>

static void on_event(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}
static void on_listen_error(struct evconnlistener *l, void *arg) { (void)l; (void)arg; }
static void on_request(struct evhttp_request *req, void *arg) { (void)req; (void)arg; }
static void on_chunk(struct evhttp_request *req, void *arg) { (void)req; (void)arg; }
static void on_final(struct event *ev, void *arg) { (void)ev; (void)arg; }
static gboolean tick(gpointer data) { (void)data; return 1; }
static void on_done(GObject *src, GAsyncResult *res, gpointer data) { (void)src; (void)res; (void)data; }

#include <actx.h>
#line 19 "user_data_shared.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 2, void, (struct event *actx__a0, void *actx__a1)); ACTX_CLOSE_FN_DECL(actx_thunk_3, (struct event *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_4, 5, void, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4)); ACTX_THUNK_R_DECL(actx_thunk_5, 2, void, (struct evconnlistener *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_6, 2, void, (struct evhttp_request *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_7, 1, gboolean, (gpointer actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_8, 3, void, (GObject *actx__a0, GAsyncResult *actx__a1, gpointer actx__a2)); void start(struct event_base *base, struct event *ev, void *state) {
  /* event_self_cbarg() is a sentinel: libevent passes the event itself. */
  struct event *self = ACTX_KEYED_BY_RESULT(event_new(base, 0, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, ACTX_RESULT_KEY, "event"), event_self_cbarg()));
  /* The finalize callback gets the event's argument. */
  event_finalize(0, self, ACTX_CLOSE_T(actx_thunk_2, actx_thunk_3, on_final, self));
  event_assign(ev, base, 0, EV_READ, ACTX_KEYED_T(actx_thunk_1, on_event, ev, "event"), state);
  /* The error callback shares the listener's user data. */
  struct evconnlistener *l = ACTX_KEYED_BY_RESULT(evconnlistener_new_bind(base, ACTX_KEYED_T(actx_thunk_4, on_accept, ACTX_RESULT_KEY, "accept"), state, 0, -1, NULL, 0));
  evconnlistener_set_error_cb(l, ACTX_KEYED_T(actx_thunk_5, on_listen_error, l, "error"));
  /* The chunked callback shares the request's user data. */
  struct evhttp_request *req = evhttp_request_new(ACTX_ONCE_T(actx_thunk_6, on_request), state);
  evhttp_request_set_chunked_cb(req, ACTX_KEYED_T(actx_thunk_6, on_chunk, req, "chunked"));
  /* Sources are found again by their user data. */
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_7, tick, 0, ACTX_RESULT_KEY, "source"), state));
  ACTX_KEYED_BY_RESULT(g_timeout_add(10, ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_7, tick, 0, ACTX_RESULT_KEY, "source"), state));
  g_idle_remove_by_data(state);
  /* g_async_result_get_user_data(res) must be what was passed. */
  g_task_new(NULL, NULL, ACTX_ONCE_T(actx_thunk_8, on_done), state);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 21 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 23 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (struct event *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 23 "user_data_shared.c"
ACTX_CLOSE_FN(actx_thunk_3, (struct event *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 26 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_4, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4), (actx__a0, actx__a1, actx__a2, actx__a3, actx__a4))
#line 27 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_5, (struct evconnlistener *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 29 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_6, (struct evhttp_request *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 32 "user_data_shared.c"
ACTX_THUNK_R_BODY(actx_thunk_7, gboolean, (gpointer actx__a0), (actx__a0))
#line 36 "user_data_shared.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_8, (GObject *actx__a0, GAsyncResult *actx__a1, gpointer actx__a2), (actx__a0, actx__a1, actx__a2))
