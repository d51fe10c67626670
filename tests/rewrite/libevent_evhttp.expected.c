#line 1 "libevent_evhttp.c"
/* evhttp_set_cb is keyed by server and path: a literal path becomes the slot;
 * a computed path cannot name a slot, so that site is reported. */
#include <fake_event.h>

static void on_hello(struct evhttp_request *req, void *arg) { (void)req; (void)arg; }

#include <actx.h>
#line 7 "libevent_evhttp.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (struct evhttp_request *actx__a0, void *actx__a1)); void routes(struct evhttp *http, const char *extra, void *app) {
  evhttp_set_cb(http, "/hello", ACTX_BOXED(actx_thunk_1, on_hello), ACTX_BOX_KEYED(on_hello, app, http, "/hello"));
  evhttp_set_cb(http, extra, on_hello, app);
}

void stop(struct evhttp *http) {
  evhttp_free(http); actx_release_key(http);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 8 "libevent_evhttp.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (struct evhttp_request *actx__a0, void *actx__a1), (actx__a0, actx__a1), 1)
