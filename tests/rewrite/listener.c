/* evconnlistener_set_cb: keyed by the listener, user data at callback
 * parameter 4 (the last of five). */
#include <fake_event.h>

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                      void *arg) {
  (void)l; (void)fd; (void)sa; (void)len; (void)arg;
}

void listen_on(struct evconnlistener *lev, void *server) {
  evconnlistener_set_cb(lev, on_accept, server);
}
