#line 1 "cast_generic.c"
/* A callback cast to another function type at the call is called by the API
 * with its real signature (GLib casts G_SOURCE_FUNC(on_fd) back): it gets the
 * signature-agnostic stub, never a typed thunk or a box thunk of the cast
 * type.  What counts is the referenced function's own type: a cast whose
 * function already has the type the API declares keeps the typed thunk
 * (GSourceFunc)tick, even through void *.  A conditional is cast when
 * either of its choices is. */
#include <fake_glib.h>
#include <fake_pthread.h>
#include <fake_uv.h>

static gboolean on_fd(int fd, unsigned condition, gpointer data) {
  (void)fd; (void)condition; (void)data;
  return 1;
}
static gboolean tick(gpointer data) { (void)data; return 1; }
static void *work(int *job) { return job; }
static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 20 "cast_generic.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, gboolean, (gpointer actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_timer_t *actx__a0)); void start(pthread_t *t, int *job, uv_timer_t *timer) {
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED(G_SOURCE_FUNC(on_fd), 0, ACTX_RESULT_KEY, "source"), job));
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_1, (GSourceFunc)tick, 0, ACTX_RESULT_KEY, "source"), job));
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED(job ? G_SOURCE_FUNC(on_fd) : tick, 0, ACTX_RESULT_KEY, "source"), job));
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_1, job ? (GSourceFunc)tick : NULL, 0, ACTX_RESULT_KEY, "source"), job));
  pthread_create(t, NULL, ACTX_ONCE((void *(*)(void *))work), job);
  uv_timer_start(timer, ACTX_KEYED_T(actx_thunk_2, (uv_timer_cb)(void *)on_timer, timer, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 22 "cast_generic.c"
ACTX_THUNK_R_BODY(actx_thunk_1, gboolean, (gpointer actx__a0), (actx__a0))
#line 26 "cast_generic.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_timer_t *actx__a0), (actx__a0))
