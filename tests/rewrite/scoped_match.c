/* Scoping: scoping.contracts has in= lines for scoped_match.c;
 * the in= lines apply here (this file's name matches). */
typedef int (*tick_fn)(void *user);
void run_op(int id, void (*cb)(int id));
unsigned add_tick(tick_fn fn, void *data);

static void on_op(int id) { (void)id; }
static int on_tick(void *user) { (void)user; return 0; }

void go(void *app) {
  run_op(1, on_op);
  add_tick(on_tick, app);
}
