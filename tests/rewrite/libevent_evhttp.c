/* evhttp_set_cb is keyed by server and path: a literal path becomes the slot;
 * a computed path cannot name a slot, so that site is reported. */
#include <fake_event.h>

static void on_hello(struct evhttp_request *req, void *arg) { (void)req; (void)arg; }

void routes(struct evhttp *http, const char *extra, void *app) {
  evhttp_set_cb(http, "/hello", on_hello, app);
  evhttp_set_cb(http, extra, on_hello, app);
}

void stop(struct evhttp *http) {
  evhttp_free(http);
}
