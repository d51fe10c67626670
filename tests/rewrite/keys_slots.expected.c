#line 1 "keys_slots.c"
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

#include <actx.h>
#line 34 "keys_slots.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 4, void, (struct aeEventLoop *actx__a0, int actx__a1, void *actx__a2, int actx__a3)); ACTX_BOX_THUNK_DECL(actx_thunk_2, int, (struct aeEventLoop *actx__a0, long long actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_3, 1, void, (void *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_4, 1, int, (void *actx__a0)); long long serve(aeEventLoop *el, int fd, void *client, void *obj, enum kind k) {
  int mask = AE_WRITABLE | AE_BARRIER;
  aeCreateFileEvent(el, fd, AE_READABLE, ACTX_KEYED_T(actx_thunk_1, on_io, ACTX_INT_KEY(fd), ACTX_BITS_SLOT(AE_READABLE)), client);
  aeCreateFileEvent(el, fd, mask, ACTX_KEYED_T(actx_thunk_1, on_io, ACTX_INT_KEY(fd), ACTX_BITS_SLOT(mask)), client);
  aeDeleteFileEvent(el, fd, AE_WRITABLE); actx_release_slot(ACTX_INT_KEY(fd), ACTX_BITS_SLOT(AE_WRITABLE));
  long long id = ACTX_KEYED_BY_RESULT(aeCreateTimeEvent(el, 100, ACTX_BOXED(actx_thunk_2, on_timer), ACTX_BOX_UNTIL_VALUE_KEYED(on_timer, client, -1, ACTX_RESULT_KEY, "timer"), NULL));
  aeDeleteTimeEvent(el, id); actx_release_slot(ACTX_INT_KEY(id), "timer");
  watch_kind(obj, k, ACTX_KEYED_T(actx_thunk_3, on_obj, obj, ACTX_INT_SLOT(k)));
  watch_kind(obj, KIND_WRITE, ACTX_KEYED_T(actx_thunk_3, on_obj, obj, ACTX_INT_SLOT(KIND_WRITE)));
  unwatch_kind(obj, k); actx_release_slot(obj, ACTX_INT_SLOT(k));
  watch_named(obj, "progress", ACTX_KEYED_T(actx_thunk_3, on_obj, obj, "progress"));
  poll_int(ACTX_UNTIL_VALUE(int_poll, -1));
  poll_wide(wide_poll);
  poll_real(real_poll);
  guint s = ACTX_KEYED_BY_RESULT(src_add(ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_4, on_source, 0, ACTX_RESULT_KEY, "cb"), client));
  src_remove(s); actx_release_key(ACTX_INT_KEY(s));
  return id;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 36 "keys_slots.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (struct aeEventLoop *actx__a0, int actx__a1, void *actx__a2, int actx__a3), (actx__a0, actx__a1, actx__a2, actx__a3))
#line 39 "keys_slots.c"
ACTX_BOX_THUNK_BODY(actx_thunk_2, int, (struct aeEventLoop *actx__a0, long long actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
#line 41 "keys_slots.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (void *actx__a0), (actx__a0))
#line 48 "keys_slots.c"
ACTX_THUNK_R_BODY(actx_thunk_4, int, (void *actx__a0), (actx__a0))
