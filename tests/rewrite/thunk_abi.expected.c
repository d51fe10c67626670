#line 1 "thunk_abi.c"
/* Which typed-thunk ABI: the register hand-off (ACTX_THUNK_R) when every
 * parameter is an integer/pointer or float/double scalar and the binding's
 * register is the same on x86-64 and AArch64; the TLS hand-off otherwise
 * (a struct by value, long double, six integer parameters, a struct result). */
struct point { int x, y; };
typedef void (*no_args_fn)(void);
typedef double (*mixed_fn)(int, double, void *, float);
typedef void (*by_value_fn)(struct point);
typedef void (*long_double_fn)(long double);
typedef void (*six_fn)(int, int, int, int, int, int);
typedef struct point (*returns_struct_fn)(int);
void on_idle_do(no_args_fn f);
void on_mixed(mixed_fn f);
void on_point(by_value_fn f);
void on_precise(long_double_fn f);
void on_six(six_fn f);
void on_make(returns_struct_fn f);

static void idle(void) {}
static double mixed(int a, double b, void *c, float d) { (void)c; return a + b + d; }
static void point(struct point p) { (void)p; }
static void precise(long double v) { (void)v; }
static void six(int a, int b, int c, int d, int e, int f) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; }
static struct point make(int v) { struct point p = {v, v}; return p; }

#include <actx.h>
#line 26 "thunk_abi.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 0, void, ()); ACTX_THUNK_R_DECL(actx_thunk_2, 2, double, (int actx__a0, double actx__a1, void *actx__a2, float actx__a3)); ACTX_THUNK_DECL(actx_thunk_3, void, (struct point actx__a0)); ACTX_THUNK_DECL(actx_thunk_4, void, (long double actx__a0)); ACTX_THUNK_DECL(actx_thunk_5, void, (int actx__a0, int actx__a1, int actx__a2, int actx__a3, int actx__a4, int actx__a5)); ACTX_THUNK_DECL(actx_thunk_6, struct point, (int actx__a0)); void setup(void) {
  on_idle_do(ACTX_FOREVER_T(actx_thunk_1, idle));
  on_mixed(ACTX_FOREVER_T(actx_thunk_2, mixed));
  on_point(ACTX_FOREVER_T(actx_thunk_3, point));
  on_precise(ACTX_FOREVER_T(actx_thunk_4, precise));
  on_six(ACTX_FOREVER_T(actx_thunk_5, six));
  on_make(ACTX_FOREVER_T(actx_thunk_6, make));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 27 "thunk_abi.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (), ())
#line 28 "thunk_abi.c"
ACTX_THUNK_R_BODY(actx_thunk_2, double, (int actx__a0, double actx__a1, void *actx__a2, float actx__a3), (actx__a0, actx__a1, actx__a2, actx__a3))
#line 29 "thunk_abi.c"
ACTX_THUNK_VOID_BODY(actx_thunk_3, (struct point actx__a0), (actx__a0))
#line 30 "thunk_abi.c"
ACTX_THUNK_VOID_BODY(actx_thunk_4, (long double actx__a0), (actx__a0))
#line 31 "thunk_abi.c"
ACTX_THUNK_VOID_BODY(actx_thunk_5, (int actx__a0, int actx__a1, int actx__a2, int actx__a3, int actx__a4, int actx__a5), (actx__a0, actx__a1, actx__a2, actx__a3, actx__a4, actx__a5))
#line 32 "thunk_abi.c"
ACTX_THUNK_BODY(actx_thunk_6, struct point, (int actx__a0), (actx__a0))
