/* Vtables are not stores to report: a GObject class struct (the name ends in
 * Class), an interface struct (Iface), and GSourceFuncs (built-in ignore
 * rules), whether assigned or initialised. */
#include <fake_glib.h>

typedef struct {
  GObjectClass parent_class;
  void (*changed)(GObject *self);
} MyThingClass;
typedef struct _MyThingIface {
  void (*poke)(GObject *self);
} MyThingIface;

static void my_thing_finalize(GObject *object) { (void)object; }
static void my_thing_changed(GObject *object) { (void)object; }
static void my_thing_poke(GObject *object) { (void)object; }
static gboolean my_prepare(GSource *source, int *timeout) {
  (void)source;
  *timeout = -1;
  return 0;
}
static gboolean my_dispatch(GSource *source, GSourceFunc callback, gpointer user_data) {
  (void)source;
  return callback ? callback(user_data) : 0;
}

static GSourceFuncs my_source_funcs = {my_prepare, NULL, my_dispatch, NULL};

void my_thing_class_init(MyThingClass *klass, MyThingIface *iface, GSourceFuncs *funcs) {
  GObjectClass *object_class = (GObjectClass *)klass;
  object_class->finalize = my_thing_finalize;
  klass->parent_class.dispose = my_thing_finalize;
  klass->changed = my_thing_changed;
  iface->poke = my_thing_poke;
  funcs->prepare = my_prepare;
  funcs->dispatch = my_source_funcs.dispatch;
}
