/* evconnlistener_set_cb: keyed by the listener; its user data is not boxed
 * (the error callback gets it too), so the accept callback gets a stub. */
#include <fake_event.h>

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}

void listen_on(struct evconnlistener *lev, void *server) {
  evconnlistener_set_cb(lev, on_accept, server);
}
