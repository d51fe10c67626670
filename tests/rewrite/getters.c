/* Getters hand back the program's own callbacks: a getter's result is wrapped
 * in ACTX_UNWRAP_FN, its out-parameters are unwrapped after the statement
 * (NULL ones skipped), so `event_get_callback(ev) == on_event` stays true. */
#include <fake_event.h>

static void on_event(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void on_read(struct bufferevent *bev, void *ctx) { (void)bev; (void)ctx; }
bufferevent_data_cb *next_slot(void);

int same(struct event *ev, struct bufferevent *bev) {
  event_callback_fn cb, any;
  bufferevent_data_cb r, w;
  bufferevent_event_cb e;
  void *arg;
  event_assign(ev, NULL, -1, 0, on_event, NULL);
  cb = event_get_callback(ev);
  event_get_assignment(ev, NULL, NULL, NULL, &any, &arg);
  if (cb == on_event)
    bufferevent_getcb(bev, &r, &w, &e, NULL);
  bufferevent_getcb(bev, &r, NULL, NULL, &arg);
  /* left alone and reported: the out-parameter would be evaluated twice */
  bufferevent_getcb(bev, next_slot(), &w, &e, &arg);
  /* re-registering what a getter returned binds the program's function */
  event_assign(ev, NULL, -1, 0, event_get_callback(ev), NULL);
  return r == on_read && any == cb && event_get_callback_arg(ev) == NULL;
}
