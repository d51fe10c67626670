#line 1 "strict_int_key.c"
/* Integer keys (Redis: aeCreateFileEvent(el, fd, ...) with key=1 on an int
 * fd): a key is an address, so an integer one is converted explicitly with
 * ACTX_INT_KEY, in the binding and in the release statement alike
 * (-Wint-conversion otherwise, an error with GCC 14), and a literal 0 is
 * file descriptor 0, not a NULL key; a key that is neither a pointer nor an
 * integer is refused. */
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef struct aeEventLoop aeEventLoop;
typedef void aeFileProc(struct aeEventLoop *eventLoop, int fd, void *clientData, int mask);
int aeCreateFileEvent(aeEventLoop *eventLoop, int fd, int mask, aeFileProc *proc,
                      void *clientData);
void aeDeleteFileEvent(aeEventLoop *eventLoop, int fd, int mask);
enum slot_id { SLOT_A = 1 };
int watch_slot(enum slot_id id, void (*cb)(long v));
int watch_id(long long id, void (*cb)(long v));
int at_time(double when, void (*cb)(long v));

int serve(aeEventLoop *el, int fd, void *client);

static void on_readable(aeEventLoop *el, int fd, void *client, int mask) {
  (void)el;
  (void)fd;
  (void)client;
  (void)mask;
}
static void on_value(long v) { (void)v; }

#include <actx.h>
#line 31 "strict_int_key.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (struct aeEventLoop *actx__a0, int actx__a1, void *actx__a2, int actx__a3)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (long actx__a0)); int serve(aeEventLoop *el, int fd, void *client) {
  int r = aeCreateFileEvent(el, fd, 1, ACTX_BOXED(actx_thunk_1, on_readable), ACTX_BOX_KEYED(on_readable, client, ACTX_INT_KEY(fd), "file"));
  r += watch_slot(SLOT_A, ACTX_KEYED_T(actx_thunk_2, on_value, ACTX_INT_KEY(SLOT_A), "slot")) + watch_id(fd + 1LL, ACTX_KEYED_T(actx_thunk_2, on_value, ACTX_INT_KEY(fd + 1LL), "id"));
  r += aeCreateFileEvent(el, 0, 1, ACTX_BOXED(actx_thunk_1, on_readable), ACTX_BOX_KEYED(on_readable, NULL, ACTX_INT_KEY(0), "file")); /* fd 0: a key, not NULL */
  r += at_time(1.5, on_value);
  aeDeleteFileEvent(el, fd, 1); actx_release_key(ACTX_INT_KEY(fd));
  return r;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 32 "strict_int_key.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (struct aeEventLoop *actx__a0, int actx__a1, void *actx__a2, int actx__a3), (actx__a0, actx__a1, actx__a2, actx__a3), 2)
#line 33 "strict_int_key.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (long actx__a0), (actx__a0))
