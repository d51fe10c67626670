/* bufferevent_setcb: three callbacks share one user-data pointer, so each is
 * a keyed stub binding (one slot each) rather than a box. */
#include <fake_event.h>

static void on_read(struct bufferevent *b, void *ctx) { (void)b; (void)ctx; }
static void on_event(struct bufferevent *b, short what, void *ctx) { (void)b; (void)what; (void)ctx; }

void setup(struct bufferevent *bev, void *conn) {
  bufferevent_setcb(bev, on_read, NULL, on_event, conn);
}

void teardown(struct bufferevent *bev) {
  bufferevent_free(bev);
}
