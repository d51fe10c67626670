#line 1 "scoped_match.c"
/* Scoping: scoping.contracts has in= lines for scoped_match.c;
 * the in= lines apply here (this file's name matches). */
typedef int (*tick_fn)(void *user);
void run_op(int id, void (*cb)(int id));
unsigned add_tick(tick_fn fn, void *data);

static void on_op(int id) { (void)id; }
static int on_tick(void *user) { (void)user; return 0; }

#include <actx.h>
#line 10 "scoped_match.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (int actx__a0)); void go(void *app) {
  run_op(1, ACTX_FOREVER_T(actx_thunk_1, on_op));
  add_tick(on_tick, app);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "scoped_match.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (int actx__a0), (actx__a0))
