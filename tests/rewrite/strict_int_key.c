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

int serve(aeEventLoop *el, int fd, void *client) {
  int r = aeCreateFileEvent(el, fd, 1, on_readable, client);
  r += watch_slot(SLOT_A, on_value) + watch_id(fd + 1LL, on_value);
  r += aeCreateFileEvent(el, 0, 1, on_readable, NULL); /* fd 0: a key, not NULL */
  r += at_time(1.5, on_value);
  aeDeleteFileEvent(el, fd, 1);
  return r;
}
