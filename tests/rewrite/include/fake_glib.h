/* fake_glib.h -- GLib main-loop sources and signals for golden tests. */
#ifndef FAKE_GLIB_H
#define FAKE_GLIB_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef int gboolean;
typedef void *gpointer;
typedef unsigned int guint;
typedef unsigned long gulong;
typedef gboolean (*GSourceFunc)(gpointer user_data);
typedef void (*GCallback)(void);
typedef void (*GClosureNotify)(gpointer data, void *closure);

guint g_idle_add(GSourceFunc function, gpointer data);
guint g_timeout_add(guint interval, GSourceFunc function, gpointer data);
gulong g_signal_connect_data(gpointer instance, const char *detailed_signal, GCallback c_handler,
                             gpointer data, GClosureNotify destroy_data, int connect_flags);

gboolean g_idle_remove_by_data(gpointer data);
gboolean g_source_remove_by_user_data(gpointer user_data);
gboolean g_source_remove(guint tag);
typedef struct _GObject GObject;
typedef struct _GTask GTask;
typedef struct _GAsyncResult GAsyncResult;
typedef struct _GCancellable GCancellable;
typedef void (*GAsyncReadyCallback)(GObject *source_object, GAsyncResult *res, gpointer data);
GTask *g_task_new(gpointer source_object, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer callback_data);
gpointer g_async_result_get_user_data(GAsyncResult *res);

#define G_CALLBACK(f) ((GCallback)(f))
#define G_SOURCE_FUNC(f) ((GSourceFunc)(void (*)(void))(f))
#define g_signal_connect(instance, detailed_signal, c_handler, data) \
  g_signal_connect_data((instance), (detailed_signal), (c_handler), (data), NULL, 0)

#endif
