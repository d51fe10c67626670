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
/* A source type's vtable and a GObject class struct (field rules). */
typedef struct _GSource GSource;
typedef struct _GSourceFuncs {
  gboolean (*prepare)(GSource *source, int *timeout);
  gboolean (*check)(GSource *source);
  gboolean (*dispatch)(GSource *source, GSourceFunc callback, gpointer user_data);
  void (*finalize)(GSource *source);
} GSourceFuncs;
typedef struct _GObjectClass {
  void (*dispose)(GObject *object);
  void (*finalize)(GObject *object);
} GObjectClass;
#define g_signal_connect(instance, detailed_signal, c_handler, data) \
  g_signal_connect_data((instance), (detailed_signal), (c_handler), (data), NULL, 0)

/* Thread pools and asynchronous queues (hand-offs). */
typedef unsigned long guint64;
typedef int gint;
typedef struct _GError GError;
typedef struct _GThreadPool GThreadPool;
typedef struct _GAsyncQueue GAsyncQueue;
typedef void (*GFunc)(gpointer data, gpointer user_data);
typedef gint (*GCompareDataFunc)(const void *a, const void *b, gpointer user_data);
GThreadPool *g_thread_pool_new(GFunc func, gpointer user_data, gint max_threads,
                               gboolean exclusive, GError **error);
typedef void (*GDestroyNotify)(gpointer data);
GThreadPool *g_thread_pool_new_full(GFunc func, gpointer user_data, GDestroyNotify item_free_func,
                                    gint max_threads, gboolean exclusive, GError **error);
GAsyncQueue *g_async_queue_new_full(GDestroyNotify item_free_func);
gboolean g_thread_pool_push(GThreadPool *pool, gpointer data, GError **error);
GAsyncQueue *g_async_queue_new(void);
void g_async_queue_push(GAsyncQueue *queue, gpointer data);
void g_async_queue_push_front(GAsyncQueue *queue, gpointer item);
void g_async_queue_push_sorted(GAsyncQueue *queue, gpointer data, GCompareDataFunc func,
                               gpointer user_data);
gpointer g_async_queue_pop(GAsyncQueue *queue);
gpointer g_async_queue_try_pop(GAsyncQueue *queue);
gpointer g_async_queue_timeout_pop(GAsyncQueue *queue, guint64 timeout);

#endif
