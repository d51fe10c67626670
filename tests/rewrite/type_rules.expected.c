#line 1 "type_rules.c"
/* Type rules: a callback parameter declared with a typedef that has a type
 * rule gets the rule's lifetime, whatever function declares it; a
 * per-function line wins; data=+D:K is counted from the callback. */
typedef struct obj obj;
typedef void (*ready_cb)(obj *source, int status, void *user);
typedef ready_cb my_ready_cb; /* its own rule wins over ready_cb's */
typedef ready_cb other_ready_cb; /* no rule of its own: ready_cb's */
typedef int (*tick_fn)(void *user);
typedef void done_fn(int status); /* a function type, taken by pointer */
typedef void (*rev_cb)(void *user, int status);

void op_start(obj *o, ready_cb cb, void *user);
void op_start_flags(obj *o, ready_cb cb, int flags, void *user);
void op_last(obj *o, void *user, ready_cb cb);
void op_special(obj *o, ready_cb cb, void *user);
void op_mine(obj *o, my_ready_cb cb, void *user);
void op_other(obj *o, other_ready_cb cb, void *user);
unsigned add_tick(tick_fn fn, void *data);
void run_later(done_fn *fn);
void op_rev(obj *o, void *user, rev_cb cb);
struct ops {
  void (*start)(obj *o, ready_cb cb, void *user); /* called through: its rule too */
};

static void on_ready(obj *source, int status, void *user) { (void)source; (void)status; (void)user; }
static int on_tick(void *user) { (void)user; return 0; }
static void on_done(int status) { (void)status; }
static void on_rev(void *user, int status) { (void)user; (void)status; }

#include <actx.h>
#line 30 "type_rules.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (obj *actx__a0, int actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 3, void, (obj *actx__a0, int actx__a1, void *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_3, 1, int, (void *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_4, 1, void, (int actx__a0)); ACTX_BOX_THUNK_DECL(actx_thunk_5, void, (void *actx__a0, int actx__a1)); void go(obj *o, void *app, const struct ops *ops) {
  op_start(o, ACTX_BOXED(actx_thunk_1, on_ready), ACTX_BOX_ONCE(on_ready, app));
  op_start_flags(o, ACTX_ONCE_T(actx_thunk_2, on_ready), 3, app);
  op_last(o, app, ACTX_ONCE_T(actx_thunk_2, on_ready));
  op_special(o, on_ready, app);
  op_mine(o, ACTX_FOREVER_T(actx_thunk_2, on_ready), app);
  op_other(o, ACTX_BOXED(actx_thunk_1, on_ready), ACTX_BOX_ONCE(on_ready, app));
  op_start(o, 0, app);
  add_tick(ACTX_UNTIL_FALSE_T(actx_thunk_3, on_tick), app);
  run_later(ACTX_ONCE_T(actx_thunk_4, on_done));
  op_rev(o, ACTX_BOX_ONCE(on_rev, app), ACTX_BOXED(actx_thunk_5, on_rev));
  ops->start(o, ACTX_BOXED(actx_thunk_1, on_ready), ACTX_BOX_ONCE(on_ready, app));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 31 "type_rules.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (obj *actx__a0, int actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
#line 32 "type_rules.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (obj *actx__a0, int actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 38 "type_rules.c"
ACTX_THUNK_R_BODY(actx_thunk_3, int, (void *actx__a0), (actx__a0))
#line 39 "type_rules.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_4, (int actx__a0), (actx__a0))
#line 40 "type_rules.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_5, (void *actx__a0, int actx__a1), (actx__a0, actx__a1), 0)
