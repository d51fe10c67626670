/* Keys and slots (contract language v2): integer keys, bits slots from an
 * event mask (deleting AE_WRITABLE releases only the writable binding),
 * slots from integer or string arguments and their releases, stop values
 * (until-false released at AE_NOMORE), and integer result keys (a timer's
 * long long id, a source's guint id) released by id. */
#include <fake_ae.h>

typedef unsigned int guint;
enum kind { KIND_READ = 1, KIND_WRITE = 2 };
int watch_kind(void *obj, enum kind k, void (*cb)(void *obj));
void unwatch_kind(void *obj, enum kind k);
int watch_named(void *obj, const char *name, void (*cb)(void *obj));
int poll_int(int (*cb)(void));
int poll_wide(long long (*cb)(void));
int poll_real(double (*cb)(int));
guint src_add(int (*fn)(void *data), void *data);
int src_remove(guint id);

static void on_io(aeEventLoop *el, int fd, void *client, int mask) {
  (void)el; (void)fd; (void)client; (void)mask;
}
static int on_timer(aeEventLoop *el, long long id, void *client) {
  (void)el; (void)id; (void)client;
  return AE_NOMORE;
}
static void on_obj(void *obj) { (void)obj; }
static int int_poll(void) { return -1; }
static long long wide_poll(void) { return -1; }
static double real_poll(int x) { return x; }
static int on_source(void *data) { (void)data; return 0; }

long long serve(aeEventLoop *el, int fd, void *client, void *obj, enum kind k);

long long serve(aeEventLoop *el, int fd, void *client, void *obj, enum kind k) {
  int mask = AE_WRITABLE | AE_BARRIER;
  aeCreateFileEvent(el, fd, AE_READABLE, on_io, client);
  aeCreateFileEvent(el, fd, mask, on_io, client);
  aeDeleteFileEvent(el, fd, AE_WRITABLE);
  long long id = aeCreateTimeEvent(el, 100, on_timer, client, NULL);
  aeDeleteTimeEvent(el, id);
  watch_kind(obj, k, on_obj);
  watch_kind(obj, KIND_WRITE, on_obj);
  unwatch_kind(obj, k);
  watch_named(obj, "progress", on_obj);
  poll_int(int_poll);
  poll_wide(wide_poll);
  poll_real(real_poll);
  guint s = src_add(on_source, client);
  src_remove(s);
  return id;
}
