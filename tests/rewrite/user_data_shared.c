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

void start(struct event_base *base, struct event *ev, void *state) {
  /* event_self_cbarg() is a sentinel: libevent passes the event itself. */
  struct event *self = event_new(base, 0, EV_READ, on_event, event_self_cbarg());
  /* The finalize callback gets the event's argument. */
  event_finalize(0, self, on_final);
  event_assign(ev, base, 0, EV_READ, on_event, state);
  /* The error callback shares the listener's user data. */
  struct evconnlistener *l = evconnlistener_new_bind(base, on_accept, state, 0, -1, NULL, 0);
  evconnlistener_set_error_cb(l, on_listen_error);
  /* The chunked callback shares the request's user data. */
  struct evhttp_request *req = evhttp_request_new(on_request, state);
  evhttp_request_set_chunked_cb(req, on_chunk);
  /* Sources are found again by their user data. */
  g_idle_add(tick, state);
  g_timeout_add(10, tick, state);
  g_idle_remove_by_data(state);
  /* g_async_result_get_user_data(res) must be what was passed. */
  g_task_new(NULL, NULL, on_done, state);
}
