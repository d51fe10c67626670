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

void setup(void) {
  on_idle_do(idle);
  on_mixed(mixed);
  on_point(point);
  on_precise(precise);
  on_six(six);
  on_make(make);
}
