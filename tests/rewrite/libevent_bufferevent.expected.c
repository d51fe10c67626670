#line 1 "libevent_bufferevent.c"
/* bufferevent_setcb: three callbacks share one user-data pointer, so each is
 * a keyed stub binding (one slot each) rather than a box. */
#include <fake_event.h>

static void on_read(struct bufferevent *b, void *ctx) { (void)b; (void)ctx; }
static void on_event(struct bufferevent *b, short what, void *ctx) { (void)b; (void)what; (void)ctx; }

#include <actx.h>
#line 8 "libevent_bufferevent.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 2, void, (struct bufferevent *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_2, 3, void, (struct bufferevent *actx__a0, short actx__a1, void *actx__a2)); void setup(struct bufferevent *bev, void *conn) {
  bufferevent_setcb(bev, ACTX_KEYED_T(actx_thunk_1, on_read, bev, "read"), NULL, ACTX_KEYED_T(actx_thunk_2, on_event, bev, "event"), conn);
}

void teardown(struct bufferevent *bev) {
  bufferevent_free(bev); actx_release_key(bev);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "libevent_bufferevent.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (struct bufferevent *actx__a0, void *actx__a1), (actx__a0, actx__a1))
#line 9 "libevent_bufferevent.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (struct bufferevent *actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
