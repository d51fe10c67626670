/* glib.c -- calls every function line of tool/contracts/glib.contracts
 * against the real GLib (check_pack.py checks the rewriter's report), and
 * checks that the callbacks that run later see their registration's storage
 * value (pack_test.h). */
#include "pack_test.h"

#include <glib-object.h>
#include <glib-unix.h>
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* The function forms (GLib's macros call other functions). */
#undef g_clear_list
#undef g_clear_slist
#undef g_clear_pointer

static GMainLoop *loop;
static GMainContext *other_context; /* g_main_context_invoke's: not the main loop's */
static int pending;                 /* callbacks still to run before the loop may quit */

static void one_done(void) {
  if (--pending == 0)
    g_main_loop_quit(loop);
}

/* ---- sources */
static gboolean on_source(gpointer data) {
  pack_expect(data);
  one_done();
  return G_SOURCE_REMOVE;
}

static void on_source_once(gpointer data) {
  pack_expect(data);
  one_done();
}

static void on_notify(gpointer data) {
  pack_expect(data);
}

static void on_child(GPid pid, gint status, gpointer data) {
  (void)status;
  g_spawn_close_pid(pid);
  on_source_once(data);
}

static gboolean on_fd(gint fd, GIOCondition condition, gpointer data) {
  char c;
  (void)condition;
  if (read(fd, &c, 1) != 1)
    abort();
  return on_source(data);
}

static gboolean on_channel(GIOChannel *channel, GIOCondition condition, gpointer data) {
  return on_fd(g_io_channel_unix_get_fd(channel), condition, data);
}

static GPid spawn_child(void) {
  char *argv[] = {(char *)"/bin/true", NULL};
  GPid pid = 0;
  if (!g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL))
    abort();
  return pid;
}

static int readable_pipe(void) {
  int fds[2];
  if (pipe(fds) != 0 || write(fds[1], "x", 1) != 1)
    abort();
  close(fds[1]);
  return fds[0];
}

static void register_sources(void) {
  /* Removed by its id before it runs: the release line ends its binding. */
  guint removed = g_timeout_add_seconds(3600, on_source, "removed");
  g_source_remove(removed);
  g_idle_add(on_source, "g_idle_add");
  g_idle_add_full(G_PRIORITY_DEFAULT, on_source, "g_idle_add_full", on_notify);
  g_idle_add_once(on_source_once, "g_idle_add_once");
  g_timeout_add(1, on_source, "g_timeout_add");
  g_timeout_add_full(G_PRIORITY_DEFAULT, 1, on_source, "g_timeout_add_full", on_notify);
  g_timeout_add_once(1, on_source_once, "g_timeout_add_once");
  g_timeout_add_seconds(1, on_source, "g_timeout_add_seconds");
  g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, 1, on_source, "g_timeout_add_seconds_full",
                             on_notify);
  GSource *s = g_timeout_source_new(1);
  g_source_set_callback(s, on_source, "g_source_set_callback", on_notify);
  g_source_attach(s, NULL);
  g_source_unref(s);
  g_child_watch_add(spawn_child(), on_child, "g_child_watch_add");
  g_child_watch_add_full(G_PRIORITY_DEFAULT, spawn_child(), on_child, "g_child_watch_add_full",
                         on_notify);
  g_unix_fd_add(readable_pipe(), G_IO_IN, on_fd, "g_unix_fd_add");
  g_unix_fd_add_full(G_PRIORITY_DEFAULT, readable_pipe(), G_IO_IN, on_fd, "g_unix_fd_add_full",
                     on_notify);
  g_unix_signal_add(SIGUSR1, on_source, "g_unix_signal_add");
  g_unix_signal_add_full(G_PRIORITY_DEFAULT, SIGUSR2, on_source, "g_unix_signal_add_full",
                         on_notify);
  GIOChannel *ch = g_io_channel_unix_new(readable_pipe());
  g_io_add_watch(ch, G_IO_IN, on_channel, "g_io_add_watch");
  g_io_channel_unref(ch);
  ch = g_io_channel_unix_new(readable_pipe());
  g_io_add_watch_full(ch, G_PRIORITY_DEFAULT, G_IO_IN, on_channel, "g_io_add_watch_full",
                      on_notify);
  g_io_channel_unref(ch);
  /* Another thread's context: the function runs there, later. */
  GMainContext *other = g_main_context_new();
  g_main_context_invoke(other, on_source, "g_main_context_invoke");
  g_main_context_invoke_full(other, G_PRIORITY_DEFAULT, on_source, "g_main_context_invoke_full",
                             on_notify);
  other_context = other;
  pending = 19;
}

/* ---- threads */
static gpointer thread_main(gpointer data) {
  pack_expect(data);
  return NULL;
}

static void pool_main(gpointer item, gpointer data) {
  pack_expect(data);
  if (strcmp(data, "g_thread_pool_new_full") == 0)
    g_free(item); /* item_free_func frees only the items never run */
}

static gint by_value(gconstpointer a, gconstpointer b, gpointer data) {
  (void)data;
  return GPOINTER_TO_INT(a) - GPOINTER_TO_INT(b);
}

static gpointer once_init(gpointer data) {
  return data;
}

static GThread *threads[4];
static GThreadPool *pools[2];

static void register_threads(void) {
  threads[0] = g_thread_new("pack", thread_main, "g_thread_new");
  threads[1] = g_thread_try_new("pack", thread_main, "g_thread_try_new", NULL);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  threads[2] = g_thread_create_full(thread_main, "g_thread_create_full", 0, TRUE, FALSE,
                                    G_THREAD_PRIORITY_NORMAL, NULL);
  threads[3] = g_thread_create(thread_main, "g_thread_create", TRUE, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  static GOnce once = G_ONCE_INIT;
  g_once_impl(&once, once_init, "once");
  pools[0] = g_thread_pool_new(pool_main, "g_thread_pool_new", 1, FALSE, NULL);
  pools[1] = g_thread_pool_new_full(pool_main, "g_thread_pool_new_full", g_free, 1, FALSE, NULL);
  g_thread_pool_set_sort_function(pools[1], by_value, NULL);
}

static void visit_thread(gpointer thread, gpointer data) {
  (void)thread;
  (void)data;
}

/* Hand-offs: a pushed item carries its pusher's context (here the
 * registration's value) to where it is taken out. */
static void *push_items(void *arg) {
  (void)arg;
  g_thread_pool_push(pools[0], GINT_TO_POINTER(1), NULL);
  g_thread_pool_push(pools[1], g_strdup("item"), NULL);
  return NULL;
}

/* Items are matched by address: the queue's must not be the pool's
 * (GINT_TO_POINTER(1) above), or a pool worker's take could consume one.
 * The last two are pushed and then removed untaken. */
static char queue_items[8];

static void *push_queue(void *arg) {
  GAsyncQueue *q = arg;
  g_async_queue_push(q, &queue_items[0]);
  g_async_queue_lock(q);
  g_async_queue_push_unlocked(q, &queue_items[1]);
  g_async_queue_push_front_unlocked(q, &queue_items[2]);
  g_async_queue_unlock(q);
  g_async_queue_push_front(q, &queue_items[3]);
  g_async_queue_push(q, &queue_items[4]);
  g_async_queue_push(q, &queue_items[5]);
  /* Removed untaken: each gives up its context (a destroyed resource), so
   * neither carries one any more.  Checked per item: the count of carried
   * items is process-wide, and the pool workers may be taking theirs. */
  g_async_queue_push(q, &queue_items[6]);
  g_async_queue_push(q, &queue_items[7]);
  g_async_queue_remove(q, &queue_items[6]);
  g_async_queue_lock(q);
  g_async_queue_remove_unlocked(q, &queue_items[7]);
  g_async_queue_unlock(q);
  for (int i = 6; i < 8; i++) {
    actx_resource *left = actx_take_resource(&queue_items[i]);
    if (left) {
      atomic_fetch_add(&pack_failures, 1);
      fprintf(stderr, "g_async_queue_remove: item %d still carries a context\n", i);
      actx_resource_release(left);
    }
  }
  return NULL;
}

/* Each take enters the item's context until the scope ends: a scope of its
 * own (no value) keeps it from leaking into main. */
static void *take_queue(void *arg) {
  GAsyncQueue *q = arg;
  (void)g_async_queue_pop(q);
  pack_expect("g_async_queue_pop");
  g_async_queue_lock(q);
  (void)g_async_queue_pop_unlocked(q);
  pack_expect("g_async_queue_pop_unlocked");
  (void)g_async_queue_timeout_pop_unlocked(q, 1000000);
  pack_expect("g_async_queue_timeout_pop_unlocked");
  (void)g_async_queue_try_pop_unlocked(q);
  pack_expect("g_async_queue_try_pop_unlocked");
  g_async_queue_unlock(q);
  (void)g_async_queue_timeout_pop(q, 1000000);
  pack_expect("g_async_queue_timeout_pop");
  (void)g_async_queue_try_pop(q);
  pack_expect("g_async_queue_try_pop");
  return NULL;
}

static void queues(void) {
  GAsyncQueue *q = g_async_queue_new();
  actx_storage_run(pack_storage, PACK_VALUE, push_queue, q);
  actx_storage_run(pack_storage, NULL, take_queue, q);
  g_async_queue_unref(q);
}

static void run_threads(void) {
  for (int i = 0; i < 4; i++)
    g_thread_join(threads[i]);
  actx_storage_run(pack_storage, PACK_VALUE, push_items, NULL);
  queues();
  for (int i = 0; i < 2; i++)
    g_thread_pool_free(pools[i], FALSE, TRUE);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_thread_foreach(visit_thread, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* ---- containers */
static void clear_item(gpointer item) {
  (void)item;
}
static gint cmp(gconstpointer a, gconstpointer b) {
  return strcmp(a, b);
}
static gint cmp_data(gconstpointer a, gconstpointer b, gpointer data) {
  (void)data;
  return strcmp(a, b);
}
static void visit(gpointer item, gpointer data) {
  (void)item;
  (void)data;
}
static void visit_kv(gpointer k, gpointer v, gpointer data) {
  (void)k;
  (void)v;
  (void)data;
}
static gboolean pick_kv(gpointer k, gpointer v, gpointer data) {
  (void)k;
  (void)v;
  (void)data;
  return FALSE;
}
static gboolean traverse(gpointer k, gpointer v, gpointer data) {
  return pick_kv(k, v, data);
}
static gboolean traverse_node(GTreeNode *node, gpointer data) {
  (void)node;
  (void)data;
  return FALSE;
}
static gpointer copy(gconstpointer item, gpointer data) {
  (void)data;
  return g_strdup(item);
}
static gint search(gconstpointer key, gconstpointer data) {
  return strcmp(data, key);
}
static gboolean visit_node(GNode *node, gpointer data) {
  (void)node;
  (void)data;
  return FALSE;
}
static void visit_node_void(GNode *node, gpointer data) {
  (void)node;
  (void)data;
}
static void visit_data(GQuark key, gpointer item, gpointer data) {
  (void)key;
  (void)item;
  (void)data;
}
static gboolean equal(gconstpointer a, gconstpointer b) {
  return strcmp(a, b) == 0;
}
static gboolean equal_full(gconstpointer a, gconstpointer b, gpointer data) {
  (void)data;
  return equal(a, b);
}
static gboolean replace_eval(const GMatchInfo *info, GString *out, gpointer data) {
  (void)info;
  (void)data;
  g_string_append(out, "y");
  return FALSE;
}

static void visit_hook(gpointer data) {
  (void)data;
}
static gint compare_hooks(GHook *a, GHook *b) {
  return (gint)(a->hook_id - b->hook_id);
}
static gboolean find_hook(GHook *hook, gpointer data) {
  (void)hook;
  (void)data;
  return FALSE;
}
static void marshal_hook(GHook *hook, gpointer data) {
  (void)hook;
  (void)data;
}
static gboolean marshal_hook_check(GHook *hook, gpointer data) {
  (void)hook;
  (void)data;
  return TRUE;
}
static void dispose_source(GSource *source) {
  (void)source;
}

/* The type rules: a project's own function taking one of these types (no
 * GLib function without a line of its own takes it). */
static void take_GCompareFunc(GCompareFunc f) {
  (void)f;
}
static void take_GFunc(GFunc f) {
  (void)f;
}
static void take_GHRFunc(GHRFunc f) {
  (void)f;
}
static void take_GTraverseFunc(GTraverseFunc f) {
  (void)f;
}
static void take_GTraverseNodeFunc(GTraverseNodeFunc f) {
  (void)f;
}
static void take_GCopyFunc(GCopyFunc f) {
  (void)f;
}
static void take_GHashFunc(GHashFunc f) {
  (void)f;
}
static void take_GEqualFunc(GEqualFunc f) {
  (void)f;
}
static void take_GEqualFuncFull(GEqualFuncFull f) {
  (void)f;
}

static void type_rules(void) {
  /* pack: type GCompareFunc cmp */
  take_GCompareFunc(cmp);
  /* pack: type GFunc visit */
  take_GFunc(visit);
  /* pack: type GHRFunc pick_kv */
  take_GHRFunc(pick_kv);
  /* pack: type GTraverseFunc traverse */
  take_GTraverseFunc(traverse);
  /* pack: type GTraverseNodeFunc traverse_node */
  take_GTraverseNodeFunc(traverse_node);
  /* pack: type GCopyFunc copy */
  take_GCopyFunc(copy);
  /* pack: type GHashFunc g_str_hash */
  take_GHashFunc(g_str_hash);
  /* pack: type GEqualFunc g_str_equal */
  take_GEqualFunc(g_str_equal);
  /* pack: type GEqualFuncFull equal_full */
  take_GEqualFuncFull(equal_full);
}

static void containers(void) {
  GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_insert(h, "a", "b");
  g_hash_table_foreach(h, visit_kv, NULL);
  g_hash_table_find(h, pick_kv, NULL);
  g_hash_table_foreach_remove(h, pick_kv, NULL);
  g_hash_table_foreach_steal(h, pick_kv, NULL);
  g_hash_table_unref(h);
  h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_unref(h);

  GList *l = g_list_insert_sorted(NULL, "b", cmp);
  l = g_list_insert_sorted_with_data(l, "a", cmp_data, NULL);
  l = g_list_sort(l, cmp);
  l = g_list_sort_with_data(l, cmp_data, NULL);
  g_list_foreach(l, visit, NULL);
  g_list_find_custom(l, "a", cmp);
  GList *l2 = g_list_copy_deep(l, copy, NULL);
  g_list_free_full(l2, g_free);
  l2 = g_list_copy_deep(l, copy, NULL);
  g_clear_list(&l2, g_free);
  g_list_free(l);

  GSList *s = g_slist_insert_sorted(NULL, "b", cmp);
  s = g_slist_insert_sorted_with_data(s, "a", cmp_data, NULL);
  s = g_slist_sort(s, cmp);
  s = g_slist_sort_with_data(s, cmp_data, NULL);
  g_slist_foreach(s, visit, NULL);
  g_slist_find_custom(s, "a", cmp);
  GSList *s2 = g_slist_copy_deep(s, copy, NULL);
  g_slist_free_full(s2, g_free);
  s2 = g_slist_copy_deep(s, copy, NULL);
  g_clear_slist(&s2, g_free);
  g_slist_free(s);

  GQueue *q = g_queue_new();
  g_queue_insert_sorted(q, g_strdup("b"), cmp_data, NULL);
  g_queue_sort(q, cmp_data, NULL);
  g_queue_foreach(q, visit, NULL);
  g_queue_find_custom(q, "b", cmp);
  g_queue_clear_full(q, g_free);
  g_queue_push_tail(q, g_strdup("c"));
  g_queue_free_full(q, g_free);

  GPtrArray *p = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(p, g_strdup("b"));
  g_ptr_array_set_free_func(p, g_free);
  g_ptr_array_foreach(p, visit, NULL);
  g_ptr_array_sort(p, cmp);
  g_ptr_array_sort_with_data(p, cmp_data, NULL);
  g_ptr_array_find_with_equal_func(p, "b", equal, NULL);
  GPtrArray *p2 = g_ptr_array_copy(p, copy, NULL);
  g_ptr_array_extend(p2, p, copy, NULL);
  g_ptr_array_unref(p2);
  g_ptr_array_unref(p);
  p = g_ptr_array_new_full(4, g_free);
  g_ptr_array_unref(p);
  p = g_ptr_array_new_null_terminated(4, g_free, TRUE); /* pack: type GDestroyNotify g_free */
  g_ptr_array_unref(p);

  GArray *a = g_array_new(FALSE, FALSE, sizeof(char *));
  g_array_set_clear_func(a, clear_item);
  g_array_sort(a, cmp);
  g_array_sort_with_data(a, cmp_data, NULL);
  g_array_binary_search(a, "b", cmp, NULL);
  g_array_unref(a);
  GByteArray *b = g_byte_array_new();
  g_byte_array_sort(b, cmp);
  g_byte_array_sort_with_data(b, cmp_data, NULL);
  g_byte_array_unref(b);

  GTree *t = g_tree_new(cmp);
  g_tree_insert(t, "a", "b");
  g_tree_foreach(t, traverse, NULL);
  g_tree_foreach_node(t, traverse_node, NULL);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_tree_traverse(t, traverse, G_IN_ORDER, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_tree_search(t, search, "a");
  g_tree_search_node(t, search, "a");
  g_tree_unref(t);
  t = g_tree_new_with_data(cmp_data, NULL);
  g_tree_unref(t);
  t = g_tree_new_full(cmp_data, NULL, g_free, g_free);
  g_tree_unref(t);

  GSequence *seq = g_sequence_new(clear_item);
  GSequenceIter *it = g_sequence_insert_sorted(seq, "a", cmp_data, NULL);
  g_sequence_sort(seq, cmp_data, NULL);
  g_sequence_foreach(seq, visit, NULL);
  g_sequence_foreach_range(g_sequence_get_begin_iter(seq), g_sequence_get_end_iter(seq), visit,
                           NULL);
  g_sequence_search(seq, "a", cmp_data, NULL);
  g_sequence_lookup(seq, "a", cmp_data, NULL);
  g_sequence_sort_changed(it, cmp_data, NULL); /* pack: type GCompareDataFunc cmp_data */
  g_sequence_free(seq);

  GNode *n = g_node_new("root");
  g_node_traverse(n, G_IN_ORDER, G_TRAVERSE_ALL, -1, visit_node, NULL);
  g_node_children_foreach(n, G_TRAVERSE_ALL, visit_node_void, NULL);
  GNode *n2 = g_node_copy_deep(n, copy, NULL);
  g_free(n2->data);
  g_node_destroy(n2);
  g_node_destroy(n);

  GData *dl;
  g_datalist_init(&dl);
  g_datalist_set_data(&dl, "k", "v");
  g_datalist_foreach(&dl, visit_data, NULL);
  g_datalist_clear(&dl);
  static int location;
  g_dataset_set_data(&location, "k", "v");
  g_dataset_foreach(&location, visit_data, NULL);
  g_dataset_destroy(&location);

  const char *items[] = {"b", "a"};
  g_qsort_with_data(items, 2, sizeof *items, cmp_data, NULL);
  GAsyncQueue *aq = g_async_queue_new_full(g_free);
  g_async_queue_push_sorted(aq, g_strdup("b"), cmp_data, NULL);
  g_async_queue_sort(aq, cmp_data, NULL);
  g_async_queue_lock(aq);
  g_async_queue_push_sorted_unlocked(aq, g_strdup("a"), cmp_data, NULL);
  g_async_queue_sort_unlocked(aq, cmp_data, NULL);
  g_async_queue_unlock(aq);
  g_async_queue_unref(aq);
  char *cleared = g_strdup("x");
  g_clear_pointer((gpointer *)&cleared, g_free);
  GRegex *re = g_regex_new("x", 0, 0, NULL);
  g_free(g_regex_replace_eval(re, "x", -1, 0, 0, replace_eval, NULL, NULL));
  g_regex_unref(re);
  GHookList hooks;
  g_hook_list_init(&hooks, sizeof(GHook));
  GHook *hook = g_hook_alloc(&hooks);
  hook->func = (gpointer)visit_hook;
  g_hook_insert_sorted(&hooks, hook, compare_hooks);
  g_hook_find(&hooks, TRUE, find_hook, NULL);
  g_hook_list_marshal(&hooks, FALSE, marshal_hook, NULL);
  g_hook_list_marshal_check(&hooks, FALSE, marshal_hook_check, NULL);
  g_hook_list_clear(&hooks);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GStaticPrivate priv;
  g_static_private_init(&priv);
  g_static_private_set(&priv, g_strdup("x"), g_free);
  g_static_private_free(&priv);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GSource *src = g_idle_source_new();
  g_source_set_dispose_function(src, dispose_source);
  g_source_unref(src);
  GScanner *scanner = g_scanner_new(NULL);
  g_scanner_scope_foreach_symbol(scanner, 0, visit_kv, NULL); /* pack: type GHFunc visit_kv */

  g_scanner_destroy(scanner);
}

/* ---- signals, closures, objects */
typedef struct {
  GObject parent;
} PackObj;
typedef struct {
  GObjectClass parent_class;
} PackObjClass;
static GType pack_obj_get_type(void);
G_DEFINE_TYPE(PackObj, pack_obj, G_TYPE_OBJECT)

static guint ping_signal;

static void pack_obj_constructed(GObject *o) {
  G_OBJECT_CLASS(pack_obj_parent_class)->constructed(o);
}
static void pack_obj_dispose(GObject *o) {
  G_OBJECT_CLASS(pack_obj_parent_class)->dispose(o);
}
static void pack_obj_finalize(GObject *o) {
  G_OBJECT_CLASS(pack_obj_parent_class)->finalize(o);
}
static void pack_obj_set_property(GObject *o, guint id, const GValue *v, GParamSpec *p) {
  (void)v;
  G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, p);
}
static void pack_obj_get_property(GObject *o, guint id, GValue *v, GParamSpec *p) {
  (void)v;
  G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, p);
}
static void pack_obj_notify(GObject *o, GParamSpec *p) {
  (void)o;
  (void)p;
}

static void pack_obj_class_init(PackObjClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->constructed = pack_obj_constructed;   /* pack: field GObjectClass.constructed */
  oc->dispose = pack_obj_dispose;           /* pack: field GObjectClass.dispose */
  oc->finalize = pack_obj_finalize;         /* pack: field GObjectClass.finalize */
  oc->set_property = pack_obj_set_property; /* pack: field GObjectClass.set_property */
  oc->get_property = pack_obj_get_property; /* pack: field GObjectClass.get_property */
  oc->notify = pack_obj_notify;             /* pack: field GObjectClass.notify */
  ping_signal = g_signal_new("ping", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                             NULL, G_TYPE_NONE, 0);
}

static void pack_obj_init(PackObj *self) {
  (void)self;
}

static void on_ping(PackObj *obj, gpointer data) {
  (void)obj;
  pack_expect(data);
}

static void on_ping_swapped(gpointer data, PackObj *obj) {
  on_ping(obj, data);
}

static void on_ping_object(PackObj *obj, gpointer gobject) {
  (void)obj;
  (void)gobject;
  pack_expect("g_signal_connect_object");
}

static void on_closure_notify(gpointer data, GClosure *closure) {
  (void)closure;
  pack_expect(data);
}

static gboolean on_emission(GSignalInvocationHint *hint, guint n, const GValue *values,
                            gpointer data) {
  (void)hint;
  (void)n;
  (void)values;
  pack_expect(data);
  return FALSE;
}

static void on_weak(gpointer data, GObject *gone) {
  (void)data;
  (void)gone;
}

static void on_closure_notifier(gpointer data, GClosure *closure) {
  (void)data;
  (void)closure;
}

static PackObj *the_obj;

static void register_signals(void) {
  the_obj = g_object_new(pack_obj_get_type(), NULL);
  g_signal_connect_data(the_obj, "ping", G_CALLBACK(on_ping), "g_signal_connect_data",
                        on_closure_notify, 0);
  g_signal_connect_object(the_obj, "ping", G_CALLBACK(on_ping_object), the_obj, 0);
  GClosure *c = g_cclosure_new(G_CALLBACK(on_ping), "g_cclosure_new", on_closure_notify);
  g_closure_add_finalize_notifier(c, "finalize notifier", on_closure_notifier);
  g_closure_add_invalidate_notifier(c, "invalidate notifier", on_closure_notifier);
  g_signal_connect_closure(the_obj, "ping", c, FALSE);
  c = g_cclosure_new_swap(G_CALLBACK(on_ping_swapped), "g_cclosure_new_swap", on_closure_notify);
  g_signal_connect_closure(the_obj, "ping", c, FALSE);
  g_signal_add_emission_hook(ping_signal, 0, on_emission, "g_signal_add_emission_hook", on_notify);
  g_object_weak_ref(G_OBJECT(the_obj), on_weak, "g_object_weak_ref");
  g_object_set_data_full(G_OBJECT(the_obj), "k", "g_object_set_data_full", on_notify);
  g_object_set_qdata_full(G_OBJECT(the_obj), g_quark_from_static_string("q"),
                          "g_object_set_qdata_full", on_notify);
}

/* 4 handlers + the emission hook = 5 checks at the emit; the hook's notify
 * (at its removal), 3 closure destroy notifies and 2 data notifies at the
 * unref = 6.  Weak refs and closure notifiers are left alone. */
static void run_signals(void) {
  g_signal_emit(the_obj, ping_signal, 0);
  g_object_unref(the_obj);
}

/* GSourceFuncs vtables run for the source, on behalf of its callback. */
static gboolean src_prepare(GSource *s, gint *timeout) {
  (void)s;
  *timeout = -1;
  return FALSE;
}
static gboolean src_check(GSource *s) {
  (void)s;
  return FALSE;
}
static gboolean src_dispatch(GSource *s, GSourceFunc cb, gpointer data) {
  (void)s;
  (void)cb;
  (void)data;
  return G_SOURCE_REMOVE;
}
static void src_finalize(GSource *s) {
  (void)s;
}
static GSourceFuncs source_funcs = {
    .prepare = src_prepare,   /* pack: field GSourceFuncs.prepare */
    .check = src_check,       /* pack: field GSourceFuncs.check */
    .dispatch = src_dispatch, /* pack: field GSourceFuncs.dispatch */
    .finalize = src_finalize, /* pack: field GSourceFuncs.finalize */
};

/* ---- process-wide hooks, tests, spawn: left alone by the pack */
static void log_handler(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                        gpointer data) {
  (void)domain;
  (void)level;
  (void)msg;
  (void)data;
}
static GLogWriterOutput log_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
                                   gpointer data) {
  (void)data;
  return g_log_writer_default(level, fields, n, NULL);
}
static void print_handler(const gchar *s) {
  (void)s;
}
static void test_func(void) {}
static void test_data_func(gconstpointer data) {
  (void)data;
}
static void fixture_func(gpointer fixture, gconstpointer data) {
  (void)fixture;
  (void)data;
}
static void at_exit(void) {}
static void child_setup(gpointer data) {
  (void)data;
}

static void hooks(void) {
  guint id = g_log_set_handler("pack", G_LOG_LEVEL_DEBUG, log_handler, NULL);
  g_log_remove_handler("pack", id);
  id = g_log_set_handler_full("pack", G_LOG_LEVEL_DEBUG, log_handler, NULL, NULL);
  g_log_remove_handler("pack", id);
  g_log_set_default_handler(g_log_set_default_handler(log_handler, NULL), NULL);
  g_log_set_writer_func(log_writer, NULL, NULL);
  g_set_print_handler(g_set_print_handler(print_handler));
  g_set_printerr_handler(g_set_printerr_handler(print_handler));
  g_test_add_func("/pack/func", test_func);
  g_test_add_data_func("/pack/data", NULL, test_data_func);
  g_test_add_data_func_full("/pack/data-full", NULL, test_data_func, NULL);
  g_test_add_vtable("/pack/vtable", 0, NULL, fixture_func, fixture_func, fixture_func);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_atexit(at_exit);
  G_GNUC_END_IGNORE_DEPRECATIONS
  char *argv[] = {(char *)"/bin/true", NULL};
  GPid pid;
  gint in, out, err;
  g_spawn_async(NULL, argv, NULL, 0, child_setup, NULL, NULL, NULL);
  g_spawn_async_with_pipes(NULL, argv, NULL, 0, child_setup, NULL, NULL, NULL, NULL, NULL, NULL);
  g_spawn_async_with_fds(NULL, argv, NULL, 0, child_setup, NULL, NULL, -1, -1, -1, NULL);
  g_spawn_async_with_pipes_and_fds(NULL, (const gchar *const *)argv, NULL, 0, child_setup, NULL, -1,
                                   -1, -1, NULL, NULL, 0, &pid, &in, &out, &err, NULL);
  g_spawn_close_pid(pid);
  close(in);
  close(out);
  close(err);
  g_spawn_sync(NULL, argv, NULL, 0, child_setup, NULL, NULL, NULL, NULL, NULL);
}

static void *register_all(void *arg) {
  (void)arg;
  register_sources();
  register_threads();
  register_signals();
  return NULL;
}

int main(int argc, char **argv) {
  pack_init();
  g_test_init(&argc, &argv, NULL);
  loop = g_main_loop_new(NULL, FALSE);
  alarm(60);
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  raise(SIGUSR1);
  raise(SIGUSR2);
  run_threads();
  run_signals();
  containers();
  type_rules();
  hooks();
  while (g_main_context_iteration(other_context, FALSE))
    ;
  g_main_context_unref(other_context);
  GSource *s = g_source_new(&source_funcs, sizeof(GSource));
  g_source_unref(s);
  g_main_loop_run(loop);
  g_main_loop_unref(loop);
  /* sources 19 + their 9 destroy notifies; threads 4 + pool items 2;
   * signals 5 + 6 */
  return pack_finish("glib", 19 + 9 + 4 + 2 + 5 + 6 + 6);
}
