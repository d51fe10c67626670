#line 1 "listener.c"
/* evconnlistener_set_cb: keyed by the listener, user data at callback
 * parameter 4 (the last of five). */
#include <fake_event.h>

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}

#include <actx.h>
#line 10 "listener.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (struct evconnlistener *a0, evutil_socket_t a1, struct sockaddr *a2, int a3, void *a4)); void listen_on(struct evconnlistener *lev, void *server) {
  evconnlistener_set_cb(lev, ACTX_BOXED(actx_thunk_1, on_accept), ACTX_BOX_KEYED(on_accept, server, lev, "accept"));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (struct evconnlistener *a0, evutil_socket_t a1, struct sockaddr *a2, int a3, void *a4), (a0, a1, a2, a3, a4), 4)
