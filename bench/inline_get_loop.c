/* inline_get_loop.c -- the get loop of bench-runtime, compiled with the
 * header-inline actx_storage_get() (ACTX_INLINE_GET). */
#define ACTX_INLINE_GET
#include "actx.h"

void *bench_inline_get_loop(void *arg);
extern long bench_loop_n;

void *bench_inline_get_loop(void *arg) {
  for (long i = 0; i < bench_loop_n; i++) {
    void *v = actx_storage_get((const actx_storage *)arg);
    __asm__ volatile("" : : "g"(v) : "memory");
  }
  return NULL;
}
