/* stubs.h -- private interface of the stub pool (stubs.c, stubs-<arch>.S).
 *
 * A stub is code that jumps through its one data slot; see stubs.c for where
 * stubs come from and bind.c for what the slot points to.
 */
#ifndef ACTX_STUBS_H
#define ACTX_STUBS_H

#include "internal.h"

#if !defined(ACTX_NO_STUBS) && (defined(__x86_64__) || defined(__aarch64__)) && defined(__ELF__)
#define ACTX__HAVE_STUBS 1
#else
/* No stub code for this architecture: actx_bind() fails with ENOTSUP and the
 * ACTX_BIND-style macros fall back to the unbound function; boxing works. */
#define ACTX__HAVE_STUBS 0
#endif

#define ACTX__STATIC_STUBS 512 /* keep in sync with STATIC_STUBS in the .S */

struct actx__stub {
  actx_fn code; /* what callers call */
  void **slot;  /* where the stub loads its binding from */
};

/* Hands out up to `want` new stubs (never returned to the pool).  Returns how
 * many were written to `out`; fewer than `want` means the pool is exhausted. */
ACTX__HIDDEN unsigned actx__stubs_alloc(unsigned want, struct actx__stub *out);
/* The slot of stub `fn`, or NULL when `fn` is not one of our stubs. */
ACTX__HIDDEN void **actx__stub_slot(actx_fn fn);
/* Stub pages mapped so far (tests, benchmarks). */
ACTX__HIDDEN unsigned actx__stub_pages(void);
/* Test-only: cap the static stubs used (so tests reach the page path quickly)
 * and the number of stub pages (so they reach ENOMEM); -1 keeps a limit. */
void actx__test_stub_limits(long static_stubs, long max_pages);
/* Test-only: map new stub pages from a memfd copy instead of the library file. */
void actx__test_stub_force_memfd(bool on);

#endif /* ACTX_STUBS_H */
