#line 1 "libevent_legacy.c"
/* Older libevent code: event_set (keyed by the event; not boxed), a buffer
 * reference's cleanup callback (once, boxed), and a process-wide log
 * callback (deliberately left alone). */
#include <fake_event.h>

static void on_read(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void release_page(const void *data, __SIZE_TYPE__ len, void *page) { (void)data; (void)len; (void)page; }
static void log_line(int severity, const char *msg) { (void)severity; (void)msg; }

#include <actx.h>
#line 10 "libevent_legacy.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2)); ACTX_BOX_THUNK_DECL(actx_thunk_2, void, (const void *actx__a0, unsigned long actx__a1, void *actx__a2)); void setup(struct event *ev, int fd, struct evbuffer *out, const char *page, void *conn) {
  event_set_log_callback(log_line);
  event_set(ev, fd, EV_READ | EV_PERSIST, ACTX_KEYED_T(actx_thunk_1, on_read, ev, "event"), conn);
  evbuffer_add_reference(out, page, 4096, ACTX_BOXED(actx_thunk_2, release_page), ACTX_BOX_ONCE(release_page, (void *)page));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 12 "libevent_legacy.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (evutil_socket_t actx__a0, short actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 13 "libevent_legacy.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_2, (const void *actx__a0, unsigned long actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
