#line 1 "listener.c"
/* evconnlistener_set_cb: keyed by the listener; its user data is not boxed
 * (the error callback gets it too), so the accept callback gets a stub. */
#include <fake_event.h>

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}

#include <actx.h>
#line 10 "listener.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 5, void, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4)); void listen_on(struct evconnlistener *lev, void *server) {
  evconnlistener_set_cb(lev, ACTX_KEYED_T(actx_thunk_1, on_accept, lev, "accept"), server);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "listener.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (struct evconnlistener *actx__a0, evutil_socket_t actx__a1, struct sockaddr *actx__a2, int actx__a3, void *actx__a4), (actx__a0, actx__a1, actx__a2, actx__a3, actx__a4))
