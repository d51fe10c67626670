/* use_api.c -- a program that includes only the public header and expands
 * every public macro, compiled (not run) by check-headers.sh under the strict
 * warning set with -Werror at -O2 with gcc and clang, and as C++ (the C-only
 * thunk macros are left out there).  It must stay warning-free: a warning here
 * is one every user of the header gets. */
#ifdef USE_BIND_H
#include <actx_bind.h> /* alone: it must bring in actx.h itself */
#else
#include <actx.h>
#endif
#include <actx_trace_context.h>

typedef int (*add_fn)(int a, int b);
typedef void (*noarg_fn)(void);
typedef int (*boxed_fn)(int x, void *user);
struct handle {
  int closed;
};
typedef void (*close_cb)(struct handle *h);

static int add(int a, int b) {
  return a + b;
}
static void noarg(void) {}
static int boxed(int x, void *user) {
  return x + (user != NULL);
}
static void on_close(struct handle *h) {
  h->closed++;
}
static struct handle *make_handle(const void *key) {
  static struct handle h;
  (void)key;
  return &h;
}
static struct handle *make_pair(const void *key, struct handle *inner) {
  (void)key;
  return inner;
}
/* Registers with `h` as the key before anything is stored in it (libevent's
 * event_assign): keys are addresses the runtime never reads, so this is no
 * use of uninitialized memory (-Wmaybe-uninitialized at -O2). */
static int assign(struct handle *h, void *box) {
  h->closed = box != NULL;
  return 0;
}

#ifndef __cplusplus
ACTX_THUNK(add_thunk, int, (int a, int b), (a, b))
ACTX_THUNK_R(add_thunk_r, 2, int, (int a, int b), (a, b))
ACTX_THUNK_R(noarg_thunk_r, 0, void, (), ())
/* The user data is the last parameter: the case where picking it leaves
 * nothing for a variadic macro's `...`. */
ACTX_BOX_THUNK(boxed_thunk, int, (int x, void *user), (x, user), 1)
ACTX_THUNK_R(close_thunk, 1, void, (struct handle * h), (h))
/* The void bodies generated code uses: no pragma needed, none hidden. */
ACTX_THUNK_DECL(void_thunk, void, (struct handle * h));
ACTX_THUNK_VOID_BODY(void_thunk, (struct handle * h), (h))
ACTX_THUNK_R_DECL(void_thunk_r, 1, void, (struct handle * h));
ACTX_THUNK_R_VOID_BODY(void_thunk_r, (struct handle * h), (h))
ACTX_BOX_THUNK_DECL(void_box_thunk, void, (int x, void *user));
ACTX_BOX_THUNK_VOID_BODY(void_box_thunk, (int x, void *user), (x, user), 1)
ACTX_CLOSE_FN(close_helper, (struct handle * a0), (a0))
#endif

int use_api(actx_storage *s, int key);
int use_api(actx_storage *s, int key) {
  add_fn f = ACTX_BIND(add);
  add_fn g = ACTX_ONCE(add);
  add_fn h = ACTX_KEYED(add, &key, "add");
  add_fn u = ACTX_UNTIL_FALSE(add);
  noarg_fn n = ACTX_FOREVER(noarg);
  void *box = ACTX_BOX_ONCE(boxed, NULL);
  void *kbox = ACTX_BOX_KEYED(boxed, NULL, &key, "boxed");
  struct handle *hd = ACTX_KEYED_BY_RESULT(make_handle(ACTX_RESULT_KEY));
  /* Nested: the inner one numbered, so it shadows nothing (-Wshadow). */
  struct handle *pair = ACTX_KEYED_BY_RESULT(
      make_pair(ACTX_RESULT_KEY, ACTX_KEYED_BY_RESULT_N(1, make_handle(ACTX_RESULT_KEY_N(1)))));
  struct handle fresh;
  int r = assign(&fresh, ACTX_BOX_KEYED(boxed, NULL, &fresh, "boxed")) + fresh.closed;
  /* A box macro in another's data or key argument: the box macros declare no
   * local the inner one could shadow (-Wshadow). */
  void *nested =
      ACTX_BOX_KEYED(boxed, ACTX_BOX_ONCE(boxed, NULL), ACTX_BOX_ONCE(boxed, NULL), "nested");
  r += nested != NULL;
  r += f(1, 2) + g(1, 2) + h(1, 2) + u(1, 2) + (box != kbox) + hd->closed + pair->closed;
  n();
  {
    ACTX_STORAGE_SCOPE(s, &key);
    /* A declaration after the guard: the guard must be declarations only
     * (-Wdeclaration-after-statement). */
    int seen = actx_storage_get(s) != NULL;
    r += seen;
  }
#ifndef __cplusplus
  {
    add_fn ft = ACTX_BIND_T(add_thunk, add);
    add_fn fr = ACTX_ONCE_T(add_thunk_r, add);
    add_fn fk = ACTX_KEYED_T(add_thunk_r, add, &key, "add");
    add_fn fu = ACTX_UNTIL_FALSE_T(add_thunk, add);
    noarg_fn nr = ACTX_FOREVER_T(noarg_thunk_r, noarg);
    boxed_fn bt = ACTX_BOXED(boxed_thunk, boxed);
    boxed_fn bn = ACTX_BOXED(boxed_thunk, ACTX_BOXED(boxed_thunk, boxed)); /* -Wshadow */
    close_cb c = ACTX_CLOSE_T(close_thunk, close_helper, on_close, hd);
    r += ft(1, 2) + fr(1, 2) + fk(1, 2) + fu(1, 2) + bt(1, box) + (bn != NULL);
    nr();
    c(hd);
  }
#else
  on_close(hd);
#endif
  return r;
}

/* The trace-context header: types, limits and every function. */
int use_trace_context(const char *header, size_t len);
int use_trace_context(const char *header, size_t len) {
  actx_trace_context tc, child;
  char buf[ACTX_TRACEPARENT_LEN + 1];
  actx_tracestate_entry ts[ACTX_TRACESTATE_MAX_MEMBERS];
  actx_baggage_entry bg[8];
  char enc[32];
  int n;
  if (actx_traceparent_parse(header, len, &tc) != 0 &&
      actx_trace_context_new_root(&tc, ACTX_TRACE_FLAG_SAMPLED) != 0)
    return -1;
  if (actx_trace_context_child(&tc, &child) != 0)
    return -1;
  n = (int)actx_traceparent_format(&child, buf, sizeof buf);
  n += actx_tracestate_parse(header, len, ts, ACTX_TRACESTATE_MAX_MEMBERS);
  n += actx_tracestate_put(ts, 0, ACTX_TRACESTATE_MAX_MEMBERS, "k", 1, "v", 1);
  n += actx_tracestate_format(ts, 1, buf, sizeof buf);
  n += actx_baggage_parse(header, len, bg, 8);
  n += actx_baggage_format(bg, 1, buf, sizeof buf);
  n += actx_baggage_encode(header, len, enc, sizeof enc);
  return n + actx_baggage_decode(enc, 3, buf, sizeof buf);
}
