#line 1 "glib_type_rules.c"
/* The built-in GLib type rules: a GIO-style asynchronous call has no line of
 * its own, its GAsyncReadyCallback is wrapped once; a GSourceFunc given to a
 * function without a line is until-false; g_task_new's own line wins. */
#include <fake_glib.h>

typedef struct _GInputStream GInputStream;
void g_input_stream_close_async(GInputStream *stream, int io_priority, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
guint g_timeout_add_full(int priority, guint interval, GSourceFunc function, gpointer data,
                         void (*notify)(gpointer data));

static void closed(GObject *source, GAsyncResult *res, gpointer data) {
  (void)source;
  (void)res;
  (void)data;
}
static gboolean tick(gpointer data) { return data != NULL; }

#include <actx.h>
#line 19 "glib_type_rules.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (GObject *actx__a0, GAsyncResult *actx__a1, gpointer actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, gboolean, (gpointer actx__a0)); void go(GInputStream *in, gpointer app) {
  g_input_stream_close_async(in, 0, NULL, ACTX_ONCE_T(actx_thunk_1, closed), app);
  ACTX_KEYED_BY_RESULT(g_timeout_add_full(0, 10, ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_2, tick, 0, ACTX_RESULT_KEY, "source"), app, NULL));
  g_task_new(NULL, NULL, ACTX_ONCE_T(actx_thunk_1, closed), app);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 20 "glib_type_rules.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (GObject *actx__a0, GAsyncResult *actx__a1, gpointer actx__a2), (actx__a0, actx__a1, actx__a2))
#line 21 "glib_type_rules.c"
ACTX_THUNK_R_BODY(actx_thunk_2, gboolean, (gpointer actx__a0), (actx__a0))
