/* --check on getters: a getter the rewriter would unwrap is listed, and so
 * is one it cannot (an out-parameter with side effects). */
#include <fake_event.h>

bufferevent_data_cb *slot(void);

int same(struct event *ev, struct bufferevent *bev, event_callback_fn cb) {
  bufferevent_getcb(bev, slot(), NULL, NULL, NULL);
  return event_get_callback(ev) == cb;
}
