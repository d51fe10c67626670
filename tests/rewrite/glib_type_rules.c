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

void go(GInputStream *in, gpointer app) {
  g_input_stream_close_async(in, 0, NULL, closed, app);
  g_timeout_add_full(0, 10, tick, app, NULL);
  g_task_new(NULL, NULL, closed, app);
}
