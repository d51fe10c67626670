/* Function pointers stored where no field rule covers them are reported as
 * left-stored: a project struct's field, an array element (global array, and
 * an array field).  A global and a static local are hooks (left-hook: listed,
 * not findings).  Not reported: NULL stores, locals, GObject-style class and
 * interface vtables, and a static ops table (no code runs at a static
 * initialiser: no context to lose). */
#include <fake_uv.h>

typedef void (*handler_fn)(int sig);
struct task {
  handler_fn cb;
  handler_fn more[4];
};
typedef struct {
  void (*finalize)(void *self);
} ThingClass;
struct _ThingIface {
  void (*poke)(void *self);
};

static void on_sig(int sig) { (void)sig; }
static void thing_finalize(void *self) { (void)self; }
static void thing_poke(void *self) { (void)self; }

handler_fn handler;
handler_fn handlers[8];
static const struct task table = {on_sig, {on_sig}};

void store(struct task *t, ThingClass *klass, struct _ThingIface *iface, int i) {
  static handler_fn saved;
  handler_fn local = on_sig;
  handler_fn locals[2];
  struct task mine = {.cb = on_sig};
  t->cb = on_sig;
  t->cb = NULL;
  t->more[i] = on_sig;
  handler = on_sig;
  handlers[i] = on_sig;
  saved = local;
  locals[0] = on_sig;
  klass->finalize = thing_finalize;
  iface->poke = thing_poke;
  (void)table;
  (void)mine;
  (void)locals;
  (void)saved;
}

/* Comparing a field no rule wraps is not reported: it holds what was stored. */
int same(const struct task *t) {
  return t->cb == on_sig;
}
