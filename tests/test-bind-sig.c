/* test-bind-sig.c -- bound calls forward every argument and return value:
 * 0-10 arguments mixing integers, pointers, doubles and structs passed in
 * registers and on the stack, variadic callbacks, and every return class of
 * the x86-64 SysV ABI (INTEGER, SSE, mixed, MEMORY, X87, COMPLEX_X87), through
 * the generic stub path, typed thunks and box thunks (BIND-FWD-1 of
 * docs/conformance.md). */
#include "bind-common.h"

#include <complex.h>
#include <stdarg.h>
#include <stdint.h>

#include <setjmp.h>
#include <stddef.h>

#include <cmocka.h>

static actx_storage *S;
static char CTX[] = "ctx";
static int ctx_bad; /* a callback ran outside the bound context */

#define CHECK_CTX() (ctx_bad += actx_storage_get(S) != CTX)

struct s2i {
  long a, b;
}; /* INTEGER, INTEGER: rax rdx */
struct s2d {
  double a, b;
}; /* SSE, SSE: xmm0 xmm1 */
struct sid {
  long a;
  double b;
}; /* INTEGER, SSE: rax xmm0 */
struct sdi {
  double a;
  long b;
}; /* SSE, INTEGER: xmm0 rax */
struct sff {
  float a, b, c;
}; /* SSE, SSE (packed floats) */
struct big {
  long v[5];
}; /* MEMORY: on the stack / hidden pointer */
struct huge {
  long v[12];
}; /* 96 bytes on the stack */
struct chr {
  char c;
};
struct s4d {
  double a, b, c, d;
}; /* x86-64 MEMORY; AArch64 HFA: d0-d3 */
struct s4f {
  float a, b, c, d;
}; /* x86-64 SSE, SSE; AArch64 HFA: s0-s3 */

/* ------------------------------------------------------------ targets */

static int f0(void) {
  CHECK_CTX();
  return 7;
}
static long f1(long a) {
  CHECK_CTX();
  return a * 3;
}
static double f2(double a, int b) {
  CHECK_CTX();
  return a * b;
}
static void *f3(void *p, long off, char c) {
  CHECK_CTX();
  return (char *)p + off + c;
}
static float f4(float a, double b, float c, int d) {
  CHECK_CTX();
  return a + (float)b + c + (float)d;
}
static long f6(long a, long b, long c, long d, long e, long f) {
  CHECK_CTX();
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}
/* 10 arguments: 7 integers (1 on the stack) and 3 doubles... */
static long f10(long a, double b, long c, double d, long e, long f, long g, double h, long i,
                long j) {
  CHECK_CTX();
  return a + (long)(b * 10) + c * 100 + (long)(d * 1000) + e + f + g + (long)(h * 7) + i * 11 +
         j * 13;
}
/* ...and 10 doubles (2 on the stack) plus 8 integers mixed. */
static double f10d(double a, double b, double c, double d, double e, double f, double g, double h,
                   double i, double j) {
  CHECK_CTX();
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
/* structs: small ones in registers, big ones on the stack */
static long fstructs(struct s2i x, struct big y, struct sid z, int w, struct big v, struct huge u) {
  CHECK_CTX();
  long s = x.a + x.b + z.a + (long)z.b + w;
  for (int k = 0; k < 5; k++)
    s += y.v[k] * (k + 1) + v.v[k] * 100;
  for (int k = 0; k < 12; k++)
    s += u.v[k] * 1000;
  return s;
}
/* integer registers exhausted so the struct goes to the stack */
static long fstack_struct(long a, long b, long c, long d, long e, struct s2i f, long g) {
  CHECK_CTX();
  return a + b + c + d + e + f.a * 10 + f.b * 100 + g * 1000;
}

/* return classes */
static struct s2i r_s2i(long a) {
  CHECK_CTX();
  return (struct s2i){a, -a};
}
static struct s2d r_s2d(double a) {
  CHECK_CTX();
  return (struct s2d){a, a / 2};
}
static struct sid r_sid(long a) {
  CHECK_CTX();
  return (struct sid){a, a + 0.5};
}
static struct sdi r_sdi(long a) {
  CHECK_CTX();
  return (struct sdi){a + 0.25, a};
}
static struct sff r_sff(float a) {
  CHECK_CTX();
  return (struct sff){a, a * 2, a * 3};
}
static struct big r_big(long a) {
  CHECK_CTX();
  struct big b;
  for (int k = 0; k < 5; k++)
    b.v[k] = a + k;
  return b;
}
static struct chr r_chr(char c) {
  CHECK_CTX();
  return (struct chr){c};
}
static struct s4d r_s4d(double x) {
  CHECK_CTX();
  return (struct s4d){x, x + 1, x + 2, x + 3};
}
static struct s4f r_s4f(float x) {
  CHECK_CTX();
  return (struct s4f){x, x * 2, x * 3, x * 4};
}
static long double r_ld(long double a, int b) {
  CHECK_CTX();
  return a * b;
}
static long double _Complex r_cld(long double a) {
  CHECK_CTX();
  return a + 2.0L * I * a;
}
static double _Complex r_cd(double a) {
  CHECK_CTX();
  return a - 3.0 * I;
}
static __int128 r_i128(__int128 a) {
  CHECK_CTX();
  return a << 40;
}
static _Bool r_bool(int a) {
  CHECK_CTX();
  return a > 3;
}
static short r_short(short a) {
  CHECK_CTX();
  return (short)-a;
}
static unsigned char r_uchar(unsigned a) {
  CHECK_CTX();
  return (unsigned char)a;
}

/* variadic: %al carries the number of vector registers used */
static double v_sum(int n, ...) {
  CHECK_CTX();
  va_list ap;
  va_start(ap, n);
  double s = 0;
  for (int k = 0; k < n; k++) {
    if (k % 2)
      s += va_arg(ap, double);
    else
      s += (double)va_arg(ap, long);
  }
  va_end(ap);
  return s;
}
static int v_fmt(char *buf, size_t n, const char *fmt, ...) {
  CHECK_CTX();
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}

/* ------------------------------------------------------------ thunks */

ACTX_THUNK(t_f0, int, (void), ())
ACTX_THUNK(t_f10, long,
           (long a, double b, long c, double d, long e, long f, long g, double h, long i, long j),
           (a, b, c, d, e, f, g, h, i, j))
ACTX_THUNK(t_fstructs, long,
           (struct s2i x, struct big y, struct sid z, int w, struct big v, struct huge u),
           (x, y, z, w, v, u))
ACTX_THUNK(t_r_big, struct big, (long a), (a))
ACTX_THUNK(t_r_ld, long double, (long double a, int b), (a, b))
ACTX_THUNK(t_r_sdi, struct sdi, (long a), (a))
ACTX_THUNK(t_void, void, (int *p), (p))
static void set7(int *p) {
  CHECK_CTX();
  *p = 7;
}
static int until3(int *n) {
  CHECK_CTX();
  return ++*n < 3;
}
ACTX_THUNK(t_until, int, (int *n), (n))

/* register-ABI thunks: the binding in the first free integer register */
ACTX_THUNK_R(r_f0, 0, int, (), ())
ACTX_THUNK_R(r_f2, 1, double, (double a, int b), (a, b))                                   /* rsi */
ACTX_THUNK_R(r_f6, 6 - 1, long, (long a, long b, long c, long d, long e), (a, b, c, d, e)) /* r9 */
static long f5(long a, long b, long c, long d, long e) {
  CHECK_CTX();
  return a - b + c - d + e;
}
ACTX_THUNK_R(rt_s2i, 3, long, (struct s2i x, double y, long z), (x, y, z)) /* rcx */
static long fs2i(struct s2i x, double y, long z) {
  CHECK_CTX();
  return x.a * 100 + x.b * 10 + (long)y + z;
}
#ifdef __aarch64__
ACTX_THUNK_R(r_rbig, 1, struct big, (long a), (a)) /* result pointer in x8, a in x0: x1 */
#else
ACTX_THUNK_R(r_rbig, 2, struct big, (long a), (a)) /* rdi is the hidden pointer, a in rsi: rdx */
#endif
ACTX_THUNK_R(rt_ld, 1, long double, (long double a, int b),
             (a, b)) /* long double on the stack, b in rdi */

/* box thunks: the user data at different positions */
static int b_cb0(void *data, int a, double b) {
  CHECK_CTX();
  return *(int *)data + a + (int)b;
}
ACTX_BOX_THUNK(bt_cb0, int, (void *ud, int a, double b), (ud, a, b), 0)
static struct big b_cb2(long a, double b, void *data) {
  CHECK_CTX();
  struct big r = {{a, (long)b, *(long *)data, 0, 0}};
  return r;
}
ACTX_BOX_THUNK(bt_cb2, struct big, (long a, double b, void *ud), (a, b, ud), 2)
static void b_void(int *out, void *data) {
  CHECK_CTX();
  *out = *(int *)data;
}
ACTX_BOX_THUNK(bt_void, void, (int *out, void *ud), (out, ud), 1)
static int b_until(void *data) {
  CHECK_CTX();
  return --*(int *)data > 0;
}
ACTX_BOX_THUNK(bt_until, int, (void *ud), (ud), 0)

/* the void bodies generated code uses (no `return f();`): same behaviour */
ACTX_THUNK_DECL(tv_set, void, (int *p));
ACTX_THUNK_VOID_BODY(tv_set, (int *p), (p))
ACTX_THUNK_R_DECL(rv_set, 1, void, (int *p));
ACTX_THUNK_R_VOID_BODY(rv_set, (int *p), (p))
ACTX_BOX_THUNK_DECL(bv_void, void, (int *out, void *ud));
ACTX_BOX_THUNK_VOID_BODY(bv_void, (int *out, void *ud), (out, ud), 1)
static int calls;
static void count_calls(int *p) {
  CHECK_CTX();
  *p = ++calls;
}

/* ------------------------------------------------------------ tests */

static int setup(void **state) {
  (void)state;
  S = actx_storage_new(NULL);
  return S ? 0 : -1;
}
static int teardown(void **state) {
  (void)state;
  actx_storage_free(S);
  return 0;
}

/* Binds in CTX, then resets the caller's context so a call that does not
 * enter the binding's frame is caught by CHECK_CTX. */
#define BOUND(var, expr)              \
  do {                                \
    actx_storage_enter_with(S, CTX);  \
    var = (expr);                     \
    actx_storage_enter_with(S, NULL); \
    assert_non_null(var);             \
  } while (0)

/* Calls the unbound target in CTX, for the expected value. */
#define DIRECT(expr)                  \
  __extension__({                     \
    actx_storage_enter_with(S, CTX);  \
    __auto_type direct_r_ = (expr);   \
    actx_storage_enter_with(S, NULL); \
    direct_r_;                        \
  })

static struct big mkbig(long base) {
  struct big b;
  for (int k = 0; k < 5; k++)
    b.v[k] = base + k;
  return b;
}
static struct huge mkhuge(void) {
  struct huge h;
  for (int k = 0; k < 12; k++)
    h.v[k] = k;
  return h;
}

static void generic_args(void **state) {
  (void)state;
  ctx_bad = 0;
  int (*b0)(void);
  long (*b1)(long);
  double (*b2)(double, int);
  void *(*b3)(void *, long, char);
  float (*b4)(float, double, float, int);
  long (*b6)(long, long, long, long, long, long);
  long (*b10)(long, double, long, double, long, long, long, double, long, long);
  double (*b10d)(double, double, double, double, double, double, double, double, double, double);
  long (*bs)(struct s2i, struct big, struct sid, int, struct big, struct huge);
  long (*bss)(long, long, long, long, long, struct s2i, long);
  BOUND(b0, ACTX_BIND(f0));
  BOUND(b1, ACTX_BIND(f1));
  BOUND(b2, ACTX_BIND(f2));
  BOUND(b3, ACTX_BIND(f3));
  BOUND(b4, ACTX_BIND(f4));
  BOUND(b6, ACTX_BIND(f6));
  BOUND(b10, ACTX_BIND(f10));
  BOUND(b10d, ACTX_BIND(f10d));
  BOUND(bs, ACTX_BIND(fstructs));
  BOUND(bss, ACTX_BIND(fstack_struct));
  char buf[4];
  assert_int_equal(b0(), DIRECT(f0()));
  assert_int_equal(b1(-14), DIRECT(f1(-14)));
  assert_true(b2(1.5, 3) == DIRECT(f2(1.5, 3)));
  assert_ptr_equal(b3(buf, 1, 2), DIRECT(f3(buf, 1, 2)));
  assert_true(b4(1.25f, 2.5, 3.0f, 4) == DIRECT(f4(1.25f, 2.5, 3.0f, 4)));
  assert_int_equal(b6(1, 2, 3, 4, 5, 6), DIRECT(f6(1, 2, 3, 4, 5, 6)));
  assert_int_equal(b10(1, 2.5, 3, 4.25, 5, 6, 7, 8.5, 9, 10),
                   DIRECT(f10(1, 2.5, 3, 4.25, 5, 6, 7, 8.5, 9, 10)));
  assert_true(b10d(1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5) ==
              DIRECT(f10d(1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5)));
  struct s2i x = {1, 2};
  struct sid z = {3, 4.5};
  assert_int_equal(bs(x, mkbig(10), z, 5, mkbig(20), mkhuge()),
                   DIRECT(fstructs(x, mkbig(10), z, 5, mkbig(20), mkhuge())));
  assert_int_equal(bss(1, 2, 3, 4, 5, x, 6), DIRECT(fstack_struct(1, 2, 3, 4, 5, x, 6)));
  assert_int_equal(ctx_bad, 0);
  actx_fn all[] = {(actx_fn)b0, (actx_fn)b1,  (actx_fn)b2,   (actx_fn)b3, (actx_fn)b4,
                   (actx_fn)b6, (actx_fn)b10, (actx_fn)b10d, (actx_fn)bs, (actx_fn)bss};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
    assert_int_equal(actx_unbind(all[k]), 0);
}

static void generic_returns(void **state) {
  (void)state;
  ctx_bad = 0;
  struct s2i (*a)(long);
  struct s2d (*b)(double);
  struct sid (*c)(long);
  struct sdi (*d)(long);
  struct sff (*e)(float);
  struct big (*f)(long);
  struct chr (*g)(char);
  long double (*h)(long double, int);
  long double _Complex (*i)(long double);
  double _Complex (*j)(double);
  __int128 (*k)(__int128);
  _Bool (*l)(int);
  short (*m)(short);
  unsigned char (*n)(unsigned);
  struct s4d (*o)(double);
  struct s4f (*pf)(float);
  BOUND(o, ACTX_BIND(r_s4d));
  BOUND(pf, ACTX_BIND(r_s4f));
  BOUND(a, ACTX_BIND(r_s2i));
  BOUND(b, ACTX_BIND(r_s2d));
  BOUND(c, ACTX_BIND(r_sid));
  BOUND(d, ACTX_BIND(r_sdi));
  BOUND(e, ACTX_BIND(r_sff));
  BOUND(f, ACTX_BIND(r_big));
  BOUND(g, ACTX_BIND(r_chr));
  BOUND(h, ACTX_BIND(r_ld));
  BOUND(i, ACTX_BIND(r_cld));
  BOUND(j, ACTX_BIND(r_cd));
  BOUND(k, ACTX_BIND(r_i128));
  BOUND(l, ACTX_BIND(r_bool));
  BOUND(m, ACTX_BIND(r_short));
  BOUND(n, ACTX_BIND(r_uchar));
  struct s2i ra = a(5);
  assert_true(ra.a == 5 && ra.b == -5);
  struct s2d rb = b(3.0);
  assert_true(rb.a == 3.0 && rb.b == 1.5);
  struct sid rc = c(4);
  assert_true(rc.a == 4 && rc.b == 4.5);
  struct sdi rd = d(6);
  assert_true(rd.a == 6.25 && rd.b == 6);
  struct sff re = e(1.5f);
  assert_true(re.a == 1.5f && re.b == 3.0f && re.c == 4.5f);
  struct big rf = f(100);
  for (int q = 0; q < 5; q++)
    assert_int_equal(rf.v[q], 100 + q);
  assert_int_equal(g('z').c, 'z');
  /* x87: the result must survive, and the x87 stack must be balanced after
   * (a leak would turn later long double math into NaNs). */
  for (int q = 0; q < 20; q++)
    assert_true(h(1.5L, q) == 1.5L * q);
  long double _Complex ri = i(2.0L);
  assert_true(creall(ri) == 2.0L && cimagl(ri) == 4.0L);
  for (int q = 0; q < 10; q++)
    (void)i(1.0L);
  double _Complex rj = j(7.0);
  assert_true(creal(rj) == 7.0 && cimag(rj) == -3.0);
  __int128 big = ((__int128)1 << 70) + 12345;
  assert_true(k(12345) == ((__int128)12345 << 40));
  (void)big;
  assert_true(l(4) && !l(2));
  assert_int_equal(m(12), -12);
  assert_int_equal(n(0x1ff), 0xff);
  struct s4d ro = o(1.5);
  assert_true(ro.a == 1.5 && ro.b == 2.5 && ro.c == 3.5 && ro.d == 4.5);
  struct s4f rp = pf(2.0f);
  assert_true(rp.a == 2.0f && rp.b == 4.0f && rp.c == 6.0f && rp.d == 8.0f);
  assert_int_equal(actx_unbind((actx_fn)o), 0);
  assert_int_equal(actx_unbind((actx_fn)pf), 0);
  long double sum = 0;
  for (int q = 0; q < 100; q++)
    sum += 0.5L;
  assert_true(sum == 50.0L);
  assert_int_equal(ctx_bad, 0);
  actx_fn all[] = {(actx_fn)a, (actx_fn)b, (actx_fn)c, (actx_fn)d, (actx_fn)e,
                   (actx_fn)f, (actx_fn)g, (actx_fn)h, (actx_fn)i, (actx_fn)j,
                   (actx_fn)k, (actx_fn)l, (actx_fn)m, (actx_fn)n};
  for (size_t q = 0; q < sizeof all / sizeof all[0]; q++)
    assert_int_equal(actx_unbind(all[q]), 0);
}

static void generic_variadic(void **state) {
  (void)state;
  ctx_bad = 0;
  double (*vs)(int, ...);
  int (*vf)(char *, size_t, const char *, ...);
  BOUND(vs, ACTX_BIND(v_sum));
  BOUND(vf, ACTX_BIND(v_fmt));
  assert_true(vs(0) == 0);
  assert_true(vs(4, 1L, 2.5, 3L, 4.5) == 11.0);
  /* 12 doubles: 8 in xmm registers, the rest on the stack, plus longs */
  assert_true(vs(24, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0, 1L,
                 1.0, 1L, 1.0, 1L, 1.0, 1L, 1.0) == 24.0);
  char buf[64];
  assert_int_equal(vf(buf, sizeof buf, "%d-%s-%.2f-%ld", 42, "x", 2.5, 7L), 11);
  assert_string_equal(buf, "42-x-2.50-7");
  assert_int_equal(ctx_bad, 0);
  actx_unbind((actx_fn)vs);
  actx_unbind((actx_fn)vf);
}

static void typed_thunks(void **state) {
  (void)state;
  ctx_bad = 0;
  int (*a)(void);
  long (*b)(long, double, long, double, long, long, long, double, long, long);
  long (*c)(struct s2i, struct big, struct sid, int, struct big, struct huge);
  struct big (*d)(long);
  long double (*e)(long double, int);
  struct sdi (*f)(long);
  void (*g)(int *);
  BOUND(a, ACTX_BIND_T(t_f0, f0));
  BOUND(b, ACTX_BIND_T(t_f10, f10));
  BOUND(c, ACTX_BIND_T(t_fstructs, fstructs));
  BOUND(d, ACTX_BIND_T(t_r_big, r_big));
  BOUND(e, ACTX_BIND_T(t_r_ld, r_ld));
  BOUND(f, ACTX_BIND_T(t_r_sdi, r_sdi));
  BOUND(g, ACTX_ONCE_T(t_void, set7));
  assert_int_equal(a(), 7);
  assert_int_equal(b(1, 2.5, 3, 4.25, 5, 6, 7, 8.5, 9, 10),
                   DIRECT(f10(1, 2.5, 3, 4.25, 5, 6, 7, 8.5, 9, 10)));
  struct s2i x = {1, 2};
  struct sid z = {3, 4.5};
  assert_int_equal(c(x, mkbig(10), z, 5, mkbig(20), mkhuge()),
                   DIRECT(fstructs(x, mkbig(10), z, 5, mkbig(20), mkhuge())));
  assert_int_equal(d(9).v[4], 13);
  assert_true(e(2.5L, 4) == 10.0L);
  assert_true(f(3).a == 3.25);
  int seven = 0;
  g(&seven);
  assert_int_equal(seven, 7);
  assert_null(actx_bound_resource((actx_fn)g)); /* once */
  assert_int_equal(ctx_bad, 0);
  actx_fn all[] = {(actx_fn)a, (actx_fn)b, (actx_fn)c, (actx_fn)d, (actx_fn)e, (actx_fn)f};
  for (size_t q = 0; q < sizeof all / sizeof all[0]; q++)
    assert_int_equal(actx_unbind(all[q]), 0);
  /* register-ABI thunks */
  int (*ra)(void);
  double (*rb)(double, int);
  long (*rc)(long, long, long, long, long);
  long (*rd)(struct s2i, double, long);
  struct big (*re)(long);
  long double (*rf)(long double, int);
  BOUND(ra, ACTX_BIND_T(r_f0, f0));
  BOUND(rb, ACTX_BIND_T(r_f2, f2));
  BOUND(rc, ACTX_BIND_T(r_f6, f5));
  BOUND(rd, ACTX_BIND_T(rt_s2i, fs2i));
  BOUND(re, ACTX_ONCE_T(r_rbig, r_big));
  BOUND(rf, ACTX_BIND_T(rt_ld, r_ld));
  assert_int_equal(ra(), 7);
  assert_true(rb(2.5, 4) == 10.0);
  assert_int_equal(rc(1, 2, 3, 4, 5), 3);
  assert_int_equal(rd(x, 3.5, 4), 127);
  assert_int_equal(re(40).v[3], 43);
  assert_null(actx_bound_resource((actx_fn)re)); /* once */
  assert_true(rf(1.25L, 4) == 5.0L);
  assert_int_equal(ctx_bad, 0);
  actx_fn rall[] = {(actx_fn)ra, (actx_fn)rb, (actx_fn)rc, (actx_fn)rd, (actx_fn)rf};
  for (size_t q = 0; q < sizeof rall / sizeof rall[0]; q++)
    assert_int_equal(actx_unbind(rall[q]), 0);
  /* out-of-range register index */
  actx_bind_options bad = {.thunk = (actx_fn)r_f0, .thunk_reg = 99};
  assert_null(actx_bind_with((actx_fn)f0, &bad));
  /* until-false through a thunk */
  int (*u)(int *);
  BOUND(u, ACTX_UNTIL_FALSE_T(t_until, until3));
  int n = 0;
  assert_true(u(&n));
  assert_true(u(&n));
  assert_false(u(&n));
  assert_null(actx_bound_resource((actx_fn)u));
}

static void void_bodies(void **state) {
  (void)state;
  ctx_bad = 0;
  calls = 0;
  size_t live = actx_live_resources();
  int v = 40, out = 0, n = 0;
  void (*t)(int *), (*r)(int *), (*u)(int *);
  BOUND(t, ACTX_ONCE_T(tv_set, set7));
  BOUND(r, ACTX_KEYED_T(rv_set, set7, &out, "r"));
  /* until-false on a void callback: its "result" is 0, released at once */
  BOUND(u, ACTX_UNTIL_FALSE_T(rv_set, count_calls));
  actx_storage_enter_with(S, CTX);
  void *box = ACTX_BOX_ONCE(b_void, &v);
  actx_storage_enter_with(S, NULL);
  t(&n);
  assert_int_equal(n, 7);
  n = 0;
  r(&n);
  assert_int_equal(n, 7);
  u(&n);
  assert_int_equal(n, 1);
  bv_void(&out, box);
  assert_int_equal(out, 40);
  assert_int_equal(ctx_bad, 0);
  assert_int_equal(actx_release_key(&out), 1);
  assert_int_equal(actx_live_resources(), live); /* the once and until-false ones are gone */
}

static void box_thunks(void **state) {
  (void)state;
  ctx_bad = 0;
  size_t live = actx_live_resources();
  int v = 40;
  long lv = 77;
  int out = 0;
  actx_storage_enter_with(S, CTX);
  int (*t0)(void *, int, double) = ACTX_BOXED(bt_cb0, b_cb0);
  void *box0 = ACTX_BOX_FOREVER(b_cb0, &v);
  void *box2 = ACTX_BOX_ONCE(b_cb2, &lv);
  void *boxv = ACTX_BOX_KEYED(b_void, &v, &out, "out");
  int countdown = 3;
  void *boxu = ACTX_BOX_UNTIL_FALSE(b_until, &countdown);
  actx_storage_enter_with(S, NULL);
  assert_int_equal(t0(box0, 1, 1.5), 42);
  assert_int_equal(t0(box0, 2, 0.5), 42);
  struct big r = ACTX_BOXED(bt_cb2, b_cb2)(5, 6.5, box2);
  assert_true(r.v[0] == 5 && r.v[1] == 6 && r.v[2] == 77);
  bt_void(&out, boxv);
  assert_int_equal(out, 40);
  assert_int_equal(bt_until(boxu), 1);
  assert_int_equal(bt_until(boxu), 1);
  assert_int_equal(bt_until(boxu), 0); /* released now */
  assert_int_equal(ctx_bad, 0);
  assert_ptr_equal(actx_box_data(box0), &v);
  assert_int_equal(actx_box_free(box0), 0);
  assert_int_equal(actx_release_key(&out), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* BIND-ERR-1 */
static void box_api_errors(void **state) {
  (void)state;
  actx_bind_options o = {.lifetime = ACTX_LIFE_KEYED};
  assert_null(actx_box_new((actx_fn)b_void, NULL, &o));
  assert_int_equal(actx_box_free(NULL), ACTX_EINVAL);
  actx_box *b = actx_box_new((actx_fn)b_void, NULL, NULL);
  assert_non_null(b);
  assert_non_null(actx_box_resource(b));
  assert_int_equal(actx_box_free(b), 0);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(generic_args),     cmocka_unit_test(generic_returns),
      cmocka_unit_test(generic_variadic), cmocka_unit_test(typed_thunks),
      cmocka_unit_test(box_thunks),       cmocka_unit_test(box_api_errors),
      cmocka_unit_test(void_bodies),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
