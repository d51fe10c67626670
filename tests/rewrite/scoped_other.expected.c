#line 1 "scoped_other.c"
/* Scoping: scoping.contracts has in= lines for scoped_match.c;
 * the in= lines do not apply here: the earlier unscoped lines do. */
typedef int (*tick_fn)(void *user);
void run_op(int id, void (*cb)(int id));
unsigned add_tick(tick_fn fn, void *data);

static void on_op(int id) { (void)id; }
static int on_tick(void *user) { (void)user; return 0; }

#include <actx.h>
#line 10 "scoped_other.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (int actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, int, (void *actx__a0)); void go(void *app) {
  run_op(1, ACTX_ONCE_T(actx_thunk_1, on_op));
  add_tick(ACTX_UNTIL_FALSE_T(actx_thunk_2, on_tick), app);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "scoped_other.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (int actx__a0), (actx__a0))
#line 12 "scoped_other.c"
ACTX_THUNK_R_BODY(actx_thunk_2, int, (void *actx__a0), (actx__a0))
