/* error.c -- error codes, the version string, allocation and fatal errors. */
#define _GNU_SOURCE /* secure_getenv */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *actx_version_string(void) {
  return ACTX_VERSION_STRING;
}

const char *actx_strerror(int err) {
  switch (err) {
#define ACTX__ERR_MSG(name, value, msg) \
  case ACTX_##name: return msg;
    ACTX_ERRNO_MAP(ACTX__ERR_MSG)
#undef ACTX__ERR_MSG
  }
  return "unknown error";
}

const char *actx_err_name(int err) {
  switch (err) {
#define ACTX__ERR_NAME(name, value, msg) \
  case ACTX_##name: return #name;
    ACTX_ERRNO_MAP(ACTX__ERR_NAME)
#undef ACTX__ERR_NAME
  }
  return "UNKNOWN";
}

/* Fault injection: counts down; the allocation that takes it to zero, and all
 * after it, fail.  Relaxed atomics: tests arm it from one thread. */
static atomic_long fail_countdown;

void actx__test_fail_alloc_after(long n) {
  atomic_store_explicit(&fail_countdown, n, memory_order_relaxed);
}

static bool injected_failure(void) {
  if (ACTX__UNLIKELY(atomic_load_explicit(&fail_countdown, memory_order_relaxed) > 0)) {
    if (atomic_fetch_sub_explicit(&fail_countdown, 1, memory_order_relaxed) <= 1) {
      atomic_store_explicit(&fail_countdown, 1, memory_order_relaxed);
      return true;
    }
  }
  return false;
}

void *actx__malloc(size_t n) {
  return injected_failure() ? NULL : malloc(n);
}

void *actx__malloc_aligned(size_t align, size_t n) {
  void *p = NULL;
  if (injected_failure() || posix_memalign(&p, align, n) != 0)
    return NULL;
  return p;
}

void actx__free(void *p) {
  free(p);
}

static _Noreturn void vfatal(bool hook, bool backtrace, const char *fmt, va_list ap) {
  fputs("actx: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  /* Inside a bound callback: where it, and what led to it, was registered. */
  char chain[1024];
  const actx_site *top;
  if (backtrace && actx_async_backtrace(&top, 1) &&
      actx_async_backtrace_format(chain, sizeof chain))
    fprintf(stderr, "actx: in the callback registered at (async backtrace):\n%s", chain);
  fflush(stderr);
  /* Only hook failures may abort (docs/api.md): a core dump of the hook that
   * failed is what the variable is for.  secure_getenv: a setuid program must
   * not be made to dump core by its caller's environment. */
  if (hook) {
    const char *abort_env = secure_getenv("ACTX_ABORT_ON_HOOK_ERROR");
    if (abort_env && strcmp(abort_env, "1") == 0)
      abort();
  }
  exit(1);
}

void actx__fatal_no_backtrace(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfatal(false, false, fmt, ap);
}

void actx__fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfatal(false, true, fmt, ap);
}

void actx__fatal_hook(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfatal(true, true, fmt, ap);
}

void actx__misuse(const char *fn, const char *what, uint32_t word, const char *verb) {
  actx__fatal("%s: %s was already %s%s", fn, what, verb,
              word == ACTX__FREED || word == ACTX__POOLED
                  ? ""
                  : " (or is not one: its memory holds no live object of that kind)");
}
