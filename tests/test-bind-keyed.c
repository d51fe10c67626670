/* test-bind-keyed.c -- the keyed registry's rules (runtime/keyed.c): superseded
 * bindings stay callable until the newer one of their pair is first called or
 * the key is released; equivalent re-registrations reuse the binding; close
 * bindings release a key when the close callback runs; result keys.  Hooks see
 * init/before/after/destroy once per binding throughout.  docs/conformance.md:
 * BIND-LIFE-3, with HOOK-LIFE-1 and ALS-RELEASE-1 for superseded bindings. */
#include "bind-common.h"
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

typedef void *(*getter_fn)(void);
static void *get_s(void) {
  return actx_storage_get(S);
}
static void *get_s_too(void) {
  return actx_storage_get(S);
}

/* A toy API holding one callback per (object, slot), like a libuv handle. */
struct obj {
  getter_fn read;
  int refuse; /* reading already: keep the old callback */
};

static int obj_read_start(struct obj *o, getter_fn cb) {
  if (o->refuse)
    return -1; /* UV_EALREADY: the old callback stays */
  o->read = cb;
  return 0;
}

struct reg {
  struct obj *o;
  getter_fn fn;
  int rc;
};

static void *register_read(void *arg) {
  struct reg *r = arg;
  r->rc = obj_read_start(r->o, ACTX_KEYED(r->fn, r->o, "read"));
  return NULL;
}

/* Registers fn on o's "read" slot in the context where S holds `store`. */
static int read_start_in(struct obj *o, getter_fn fn, const char *store) {
  struct reg r = {o, fn, 0};
  actx_storage_run(S, (void *)store, register_read, &r);
  return r.rc;
}

static actx_id id_of(getter_fn g) {
  return actx_resource_async_id(actx_bound_resource((actx_fn)g));
}

/* ------------------------------------------------------------ superseding */

/* BIND-LIFE-3, HOOK-LIFE-1 */
static void refused_reregistration_keeps_old(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *hk = ev_hook(&l);
  size_t live = actx_live_resources();
  struct obj o = {0};
  assert_int_equal(read_start_in(&o, get_s, "first"), 0);
  getter_fn first = o.read;
  actx_id first_id = id_of(first);
  o.refuse = 1;
  assert_int_equal(read_start_in(&o, get_s, "second"), -1); /* another context: new binding */
  assert_int_equal(actx_live_resources(), live + 2);
  assert_ptr_equal(o.read, first);
  for (int i = 0; i < 3; i++)
    assert_string_equal(o.read(), "first"); /* still callable */
  assert_non_null(actx_bound_resource((actx_fn)first));
  assert_int_equal(actx_release_key(&o), 2); /* both: the superseded one too */
  assert_null(actx_bound_resource((actx_fn)first));
  assert_int_equal(actx_live_resources(), live);
  actx_hook_free(hk);
  assert_string_equal(ev_seq(&l, first_id, buf), "ibababad");
}

static void accepted_reregistration_releases_old_at_first_call(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *hk = ev_hook(&l);
  size_t live = actx_live_resources();
  struct obj o = {0};
  read_start_in(&o, get_s, "first");
  getter_fn first = o.read;
  actx_id first_id = id_of(first);
  assert_string_equal(first(), "first");
  read_start_in(&o, get_s, "second"); /* accepted */
  getter_fn second = o.read;
  actx_id second_id = id_of(second);
  assert_ptr_not_equal(second, first);
  assert_non_null(actx_bound_resource((actx_fn)first)); /* superseded, not released */
  assert_string_equal(first(), "first");                /* a late call of the old one is fine */
  assert_string_equal(second(), "second");
  assert_null(actx_bound_resource((actx_fn)first)); /* gone with the first call */
  assert_int_equal(actx_live_resources(), live + 1);
  assert_string_equal(second(), "second");
  assert_int_equal(actx_release_key(&o), 1);
  assert_int_equal(actx_live_resources(), live);
  actx_hook_free(hk);
  assert_string_equal(ev_seq(&l, first_id, buf), "ibabad");
  assert_string_equal(ev_seq(&l, second_id, buf), "ibabad");
}

/* A chain: the newest one's first call releases every older binding. */
static void first_call_releases_all_older(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  struct obj o = {0};
  getter_fn b[4];
  for (int i = 0; i < 4; i++) {
    read_start_in(&o, i % 2 ? get_s : get_s_too, i < 2 ? "a" : "b");
    b[i] = o.read;
  }
  assert_int_equal(actx_live_resources(), live + 4);
  b[2](); /* b[0] and b[1] go; b[3] (newer) stays */
  assert_null(actx_bound_resource((actx_fn)b[0]));
  assert_null(actx_bound_resource((actx_fn)b[1]));
  assert_non_null(actx_bound_resource((actx_fn)b[3]));
  b[2]();
  assert_int_equal(actx_live_resources(), live + 2);
  b[3]();
  assert_null(actx_bound_resource((actx_fn)b[2]));
  assert_int_equal(actx_release_slot(&o, "read"), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* Release while the superseding binding's first call runs: still once. */
static struct obj *self_obj;
static void *closes_own_handle(void) {
  assert_int_equal(actx_release_key(self_obj), 2);
  return actx_storage_get(S);
}
static void release_during_first_call(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *hk = ev_hook(&l);
  size_t live = actx_live_resources();
  struct obj o = {0};
  self_obj = &o;
  read_start_in(&o, get_s, "old");
  actx_id old_id = id_of(o.read);
  read_start_in(&o, closes_own_handle, "new");
  actx_id new_id = id_of(o.read);
  assert_string_equal(o.read(), "new");
  assert_int_equal(actx_live_resources(), live);
  actx_hook_free(hk);
  assert_string_equal(ev_seq(&l, old_id, buf), "id");
  assert_string_equal(ev_seq(&l, new_id, buf), "ibad");
}

/* A storage's release callback fires once the last binding reaching the
 * store is gone, superseded ones included. */
static int released;
static void on_release(void *store, void *user) {
  (void)user;
  if (strcmp(store, "req") == 0)
    released++;
}
static actx_storage *S3;
static void *get_s3(void) {
  return actx_storage_get(S3);
}
static void *register_s3(void *arg) {
  struct obj *o = arg;
  o->read = ACTX_KEYED(get_s3, o, "read");
  return NULL;
}
/* ALS-RELEASE-1 */
static void store_release_after_superseded(void **state) {
  (void)state;
  actx_storage_options opts = {.release = on_release};
  S3 = actx_storage_new(&opts);
  static char req[] = "req", other[] = "other";
  struct obj o = {0};
  released = 0;
  actx_storage_run(S3, req, register_s3, &o);
  actx_storage_run(S3, other, register_s3, &o);
  assert_int_equal(released, 0); /* the superseded binding still reaches it */
  assert_string_equal(o.read(), "other");
  assert_int_equal(released, 1);
  actx_release_key(&o);
  assert_int_equal(released, 1);
  actx_storage_free(S3);
}

/* ------------------------------------------------------------ reuse */

/* BIND-LIFE-3 */
static void equivalent_reregistration_reuses(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *hk = ev_hook(&l);
  size_t live = actx_live_resources();
  struct obj o = {0};
  struct reg r = {&o, get_s, 0};
  actx_scope sc;
  assert_int_equal(actx_storage_scope_begin(&sc, S, "ctx"), 0);
  register_read(&r);
  getter_fn first = o.read;
  actx_id id = id_of(first);
  o.refuse = 1;
  register_read(&r); /* refused, but the same function and context */
  assert_int_equal(actx_live_resources(), live + 1);
  o.refuse = 0;
  actx_scope_end(&sc);
  assert_int_equal(actx_storage_scope_begin(&sc, S, "ctx"), 0);
  register_read(&r); /* another frame holding the same store: new binding */
  actx_scope_end(&sc);
  assert_ptr_not_equal(o.read, first);
  assert_int_equal(actx_live_resources(), live + 2);
  getter_fn second = o.read;
  read_start_in(&o, get_s_too, "ctx"); /* another function: new binding */
  assert_ptr_not_equal(o.read, second);
  assert_int_equal(actx_release_key(&o), 3);
  /* with no context at all, the same pointer comes back */
  getter_fn a = ACTX_KEYED(get_s, &o, "read");
  assert_ptr_equal(ACTX_KEYED(get_s, &o, "read"), a);
  assert_ptr_not_equal(ACTX_KEYED(get_s, &o, "write"), a);
  assert_int_equal(actx_release_key(&o), 2);
  assert_int_equal(actx_live_resources(), live);
  actx_hook_free(hk);
  assert_string_equal(ev_seq(&l, id, buf), "id"); /* one init, one destroy */
}

/* Boxes: the same function and data in the same context reuse the box. */
static void *box_fn(void *data) {
  return data;
}
ACTX_BOX_THUNK(box_thunk, void *, (void *d), (d), 0)
/* Integer keys (file descriptors): ACTX_INT_KEY gives every value of a type
 * narrower than a pointer its own non-NULL address, fd 0 and -1 included. */
static void int_keys(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int fds[] = {0, 1, -1, 2147483647};
  for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) {
    assert_non_null(ACTX_INT_KEY(fds[i]));
    for (size_t j = 0; j < i; j++)
      assert_ptr_not_equal(ACTX_INT_KEY(fds[i]), ACTX_INT_KEY(fds[j]));
  }
  assert_ptr_equal(ACTX_INT_KEY((short)-1), ACTX_INT_KEY((unsigned short)65535));
  assert_ptr_not_equal(ACTX_INT_KEY(-1), ACTX_INT_KEY(-1L)); /* -1L is the one NULL */
  int fd = 0;
  void *b = ACTX_BOX_KEYED(box_fn, NULL, ACTX_INT_KEY(fd), "file");
  getter_fn g = ACTX_KEYED(get_s, ACTX_INT_KEY(fd), "read");
  assert_ptr_not_equal(g, get_s); /* bound: fd 0 is a key */
  assert_non_null(b);
  assert_int_equal(actx_live_resources(), live + 2);
  assert_int_equal(actx_release_key(ACTX_INT_KEY(fd)), 2);
  assert_int_equal(actx_live_resources(), live);
}

static void keyed_boxes(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key;
  static char d1[] = "d1", d2[] = "d2";
  void *b1 = ACTX_BOX_KEYED(box_fn, d1, &key, "cb");
  assert_ptr_equal(ACTX_BOX_KEYED(box_fn, d1, &key, "cb"), b1);
  void *b2 = ACTX_BOX_KEYED(box_fn, d2, &key, "cb"); /* other data: supersedes */
  assert_ptr_not_equal(b2, b1);
  assert_int_equal(actx_live_resources(), live + 2);
  assert_ptr_equal(box_thunk(b1), d1); /* still callable */
  assert_ptr_equal(box_thunk(b2), d2); /* releases b1 */
  assert_int_equal(actx_live_resources(), live + 1);
  assert_int_equal(actx_release_key(&key), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ close */

struct handle {
  int closed;
  void *seen_store;
  int other_released; /* the read binding was gone when close ran */
  getter_fn read;
};
typedef void (*close_cb)(struct handle *);

ACTX_THUNK_R(close_thunk, 1, void, (struct handle * h), (h))
ACTX_CLOSE_FN(close_helper, (struct handle * a0), (a0))

static void on_close(struct handle *h) {
  h->closed++;
  h->seen_store = actx_storage_get(S);
  h->other_released = actx_bound_resource((actx_fn)h->read) == NULL;
}

struct close_req {
  struct handle *h;
  close_cb cb;
  close_cb out;
};
static void *start_close(void *arg) {
  struct close_req *c = arg;
  c->out = ACTX_CLOSE_T(close_thunk, close_helper, c->cb, c->h);
  return NULL;
}

static void close_releases_when_close_callback_runs(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *hk = ev_hook(&l);
  size_t live = actx_live_resources();
  struct handle h = {0};
  h.read = ACTX_KEYED(get_s, &h, "read");
  struct close_req c = {&h, on_close, NULL};
  actx_storage_run(S, "closing", start_close, &c);
  actx_id close_id = actx_resource_async_id(actx_bound_resource((actx_fn)c.out));
  assert_int_equal(actx_live_resources(), live + 2);
  /* after the close call, the API may still call the handle's callbacks */
  assert_null(h.read());
  /* an explicit release leaves the close binding alone */
  assert_int_equal(actx_release_key(&h), 1);
  h.read = ACTX_KEYED(get_s_too, &h, "read");
  c.out(&h); /* the API's close callback */
  assert_int_equal(h.closed, 1);
  assert_string_equal(h.seen_store, "closing");
  assert_true(h.other_released); /* released before the user's callback */
  assert_int_equal(actx_live_resources(), live);
  actx_hook_free(hk);
  assert_string_equal(ev_seq(&l, close_id, buf), "ibad");
}

static void close_with_null_callback(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  struct handle h = {0};
  h.read = ACTX_KEYED(get_s, &h, "read");
  close_cb out = ACTX_CLOSE_T(close_thunk, close_helper, NULL, &h);
  assert_non_null(out); /* a callback the API will call: the release point */
  assert_int_equal(actx_live_resources(), live + 2);
  out(&h);
  assert_int_equal(actx_live_resources(), live);
  /* a NULL key binds nothing */
  assert_null(ACTX_CLOSE_T(close_thunk, close_helper, NULL, (struct handle *)NULL));
}

/* ------------------------------------------------------------ result keys */

static struct obj made;
static struct obj *obj_new(getter_fn cb, int fail) {
  if (fail)
    return NULL;
  made.read = cb;
  return &made;
}

static void keyed_by_result(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  struct obj *o = ACTX_KEYED_BY_RESULT(obj_new(ACTX_KEYED(get_s, ACTX_RESULT_KEY, "read"), 0));
  assert_ptr_equal(o, &made);
  assert_int_equal(actx_live_resources(), live + 1);
  assert_null(o->read());
  /* nested: each call keys its own bindings (the inner one numbered, so its
   * names shadow nothing) */
  struct obj *n = ACTX_KEYED_BY_RESULT(obj_new(
      ACTX_KEYED(get_s_too, ACTX_RESULT_KEY,
                 ACTX_KEYED_BY_RESULT_N(1, obj_new(ACTX_KEYED(get_s, ACTX_RESULT_KEY_N(1), "x"), 1))
                     ? "bad"
                     : "read"),
      0));
  assert_ptr_equal(n, &made);
  assert_int_equal(actx_live_resources(), live + 2); /* the failed call's was released */
  assert_int_equal(actx_release_key(&made), 2);
  /* a NULL result releases what was bound for it */
  assert_null(ACTX_KEYED_BY_RESULT(obj_new(ACTX_KEYED(get_s, ACTX_RESULT_KEY, "read"), 1)));
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ integer slots */

/* ACTX_INT_SLOT(n): a slot known only at run time, compared by value; never
 * the same slot as a string, even one spelling the number. */
static void int_slots(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key;
  int one = 1;
  getter_fn a = ACTX_KEYED(get_s, &key, ACTX_INT_SLOT(one));
  assert_ptr_not_equal(a, get_s);
  assert_ptr_equal(ACTX_KEYED(get_s, &key, ACTX_INT_SLOT(1)), a); /* equivalent: reused */
  getter_fn b = ACTX_KEYED(get_s, &key, ACTX_INT_SLOT(2));
  getter_fn c = ACTX_KEYED(get_s, &key, "1");
  assert_ptr_not_equal(b, a);
  assert_ptr_not_equal(c, a);
  assert_ptr_not_equal(ACTX_INT_SLOT(0), NULL);
  assert_ptr_not_equal(ACTX_INT_SLOT(-1), ACTX_INT_SLOT(0));
  assert_int_equal(actx_live_resources(), live + 3);
  assert_int_equal(actx_release_slot(&key, ACTX_INT_SLOT(1)), 1);
  assert_null(actx_bound_resource((actx_fn)a));
  assert_non_null(actx_bound_resource((actx_fn)b));
  assert_int_equal(actx_release_slot(&key, "1"), 1);
  assert_int_equal(actx_release_key(&key), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* ACTX_BITS_SLOT(mask): each bit set is a slot of its own (Redis's ae masks:
 * READABLE 1, WRITABLE 2).  A binding held by several bits lives until its
 * last bit is released or superseded. */
enum { RD = 1, WR = 2, BARRIER = 4 };
static void bits_slots(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int fd = 7;
  const void *k = ACTX_INT_KEY(fd);
  /* The crash of issue 12: deleting WRITABLE released READABLE's binding. */
  getter_fn r = ACTX_KEYED(get_s, k, ACTX_BITS_SLOT(RD));
  getter_fn w = ACTX_KEYED(get_s_too, k, ACTX_BITS_SLOT(WR));
  assert_int_equal(actx_release_slot(k, ACTX_BITS_SLOT(WR)), 1);
  assert_null(actx_bound_resource((actx_fn)w));
  assert_null(r()); /* still callable */
  assert_int_equal(actx_release_slot(k, ACTX_BITS_SLOT(WR)), 0);
  /* One binding under two bits: released with its last one. */
  getter_fn rw = ACTX_KEYED(get_s_too, k, ACTX_BITS_SLOT(RD | WR));
  assert_int_equal(actx_live_resources(), live + 2); /* r is superseded, not released */
  assert_null(r());
  assert_null(rw()); /* first call: r loses its only bit */
  assert_null(actx_bound_resource((actx_fn)r));
  assert_int_equal(actx_release_slot(k, ACTX_BITS_SLOT(RD)), 0); /* rw still holds WR */
  assert_null(rw());
  assert_int_equal(actx_release_slot(k, ACTX_BITS_SLOT(WR | BARRIER)), 1);
  assert_null(actx_bound_resource((actx_fn)rw));
  /* Superseded bit by bit. */
  getter_fn both = ACTX_KEYED(get_s, k, ACTX_BITS_SLOT(RD | WR));
  getter_fn r2 = ACTX_KEYED(get_s_too, k, ACTX_BITS_SLOT(RD));
  assert_ptr_equal(ACTX_KEYED(get_s_too, k, ACTX_BITS_SLOT(RD)), r2); /* equivalent: reused */
  r2();
  assert_non_null(actx_bound_resource((actx_fn)both)); /* still WR's */
  getter_fn w2 = ACTX_KEYED(get_s_too, k, ACTX_BITS_SLOT(WR));
  w2();
  assert_null(actx_bound_resource((actx_fn)both));
  /* Bits slots are not integer slots; a key release takes them all. */
  assert_int_equal(actx_release_slot(k, ACTX_INT_SLOT(RD)), 0);
  assert_int_equal(actx_release_key(k), 2);
  assert_int_equal(actx_live_resources(), live);
}

/* Boxes take bits slots too. */
static void bits_slot_boxes(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key;
  static char d[] = "d";
  void *b1 = ACTX_BOX_KEYED(box_fn, d, &key, ACTX_BITS_SLOT(RD));
  void *b2 = ACTX_BOX_KEYED(box_fn, d, &key, ACTX_BITS_SLOT(WR));
  assert_ptr_not_equal(b1, b2);
  assert_int_equal(actx_release_slot(&key, ACTX_BITS_SLOT(WR)), 1);
  assert_ptr_equal(box_thunk(b1), d);
  assert_int_equal(actx_release_slot(&key, ACTX_BITS_SLOT(RD | WR)), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ stop values */

static int int_ret;
static long long ll_ret;
static int ret_int(int x) {
  (void)x;
  return int_ret;
}
static long long ret_ll(int x) {
  (void)x;
  return ll_ret;
}
static int ret_int_box(void *d) {
  (void)d;
  return int_ret;
}
ACTX_THUNK(int_thunk, int, (int x), (x))
ACTX_THUNK_R(ll_thunk, 1, long long, (int x), (x))
ACTX_BOX_THUNK(int_box_thunk, int, (void *d), (d), 0)

/* stop=V: released after a call that returns V, compared at the callback's
 * own width: an int -1 and a long long -1 both stop, 0 no longer does, and a
 * long long whose low 32 bits are all ones does not. */
static void until_value(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int (*fi)(int) = ACTX_UNTIL_VALUE_T(int_thunk, ret_int, -1);
  long long (*fl)(int) = ACTX_UNTIL_VALUE_T(ll_thunk, ret_ll, -1);
  void *box = ACTX_BOX_UNTIL_VALUE(ret_int_box, NULL, -1);
  int_ret = 0, ll_ret = 0xffffffffLL;
  assert_int_equal(fi(0), 0);
  assert_true(fl(0) == 0xffffffffLL);
  assert_int_equal(int_box_thunk(box), 0);
  assert_int_equal(actx_live_resources(), live + 3);
  int_ret = -1, ll_ret = -1;
  assert_int_equal(fi(0), -1);
  assert_true(fl(0) == -1);
  assert_int_equal(int_box_thunk(box), -1);
  assert_int_equal(actx_live_resources(), live);
  /* The agnostic stub compares the low 32 bits (an int's). */
  int (*g)(int) = ACTX_UNTIL_VALUE(ret_int, -1);
  int_ret = 0;
  g(0);
  assert_int_equal(actx_live_resources(), live + 1);
  int_ret = -1;
  g(0);
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ scalar result keys */

/* A toy timer API returning a long long id (Redis's aeCreateTimeEvent). */
static int (*timer_cb)(int);
static long long next_id = 41;
static long long timer_add(int (*cb)(int)) {
  timer_cb = cb;
  return ++next_id;
}
static unsigned short small_add(int (*cb)(int)) {
  timer_cb = cb;
  return 3;
}

/* Until a stop value AND keyed by the integer result: released at whichever
 * comes first, the stop value or a release of ACTX_INT_KEY(id). */
static void keyed_by_integer_result(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  long long id = ACTX_KEYED_BY_RESULT(
      timer_add(ACTX_UNTIL_VALUE_KEYED_T(int_thunk, ret_int, -1, ACTX_RESULT_KEY, "timer")));
  assert_true(id == 42);
  int_ret = 0;
  assert_int_equal(timer_cb(0), 0);
  assert_int_equal(actx_live_resources(), live + 1);
  assert_int_equal(actx_release_key(ACTX_INT_KEY(id)), 1); /* aeDeleteTimeEvent */
  assert_int_equal(actx_live_resources(), live);
  id = ACTX_KEYED_BY_RESULT(
      timer_add(ACTX_UNTIL_VALUE_KEYED_T(int_thunk, ret_int, -1, ACTX_RESULT_KEY, "timer")));
  int_ret = -1;
  assert_int_equal(timer_cb(0), -1); /* AE_NOMORE */
  assert_int_equal(actx_live_resources(), live);
  assert_int_equal(actx_release_key(ACTX_INT_KEY(id)), 0); /* already gone */
  /* a narrower result is the key ACTX_INT_KEY gives for its type */
  unsigned short s =
      ACTX_KEYED_BY_RESULT(small_add(ACTX_UNTIL_VALUE_KEYED(ret_int, 0, ACTX_RESULT_KEY, "timer")));
  assert_int_equal(actx_live_resources(), live + 1);
  assert_int_equal(actx_release_key(ACTX_INT_KEY(s)), 1);
  /* keyed bindings too (a guint source id) */
  long long k = ACTX_KEYED_BY_RESULT(timer_add(ACTX_KEYED(ret_int, ACTX_RESULT_KEY, "cb")));
  assert_int_equal(actx_release_key(ACTX_INT_KEY(k)), 1);
  assert_int_equal(actx_live_resources(), live);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(refused_reregistration_keeps_old),
      cmocka_unit_test(accepted_reregistration_releases_old_at_first_call),
      cmocka_unit_test(first_call_releases_all_older),
      cmocka_unit_test(release_during_first_call),
      cmocka_unit_test(store_release_after_superseded),
      cmocka_unit_test(equivalent_reregistration_reuses),
      cmocka_unit_test(keyed_boxes),
      cmocka_unit_test(int_keys),
      cmocka_unit_test(close_releases_when_close_callback_runs),
      cmocka_unit_test(close_with_null_callback),
      cmocka_unit_test(keyed_by_result),
      cmocka_unit_test(int_slots),
      cmocka_unit_test(bits_slots),
      cmocka_unit_test(bits_slot_boxes),
      cmocka_unit_test(until_value),
      cmocka_unit_test(keyed_by_integer_result),
  };
  return cmocka_run_group_tests(tests, storage_setup, storage_teardown);
}
