/* bind-unwind-thunks.c -- C half of test-bind-unwind.cpp: typed and box
 * thunks, and C frames between the caller and a throwing callback.  Compiled
 * with -fexceptions, like any file holding thunks must be. */
#include <actx.h>

#include "bind-unwind.h"

ACTX_THUNK(unwind_thunk, int, (int x), (x))
ACTX_BOX_THUNK(unwind_box_thunk, int, (void *ud, int x), (ud, x), 0)

int (*bind_typed(int (*fn)(int)))(int) {
  return ACTX_BIND_T(unwind_thunk, fn);
}

int (*box_thunk(void))(void *, int) {
  return unwind_box_thunk;
}

void *box_once(int (*fn)(void *, int), void *data) {
  return ACTX_BOX_ONCE(fn, data);
}

/* A C caller in the middle: its frame must be unwindable too. */
int call_through_c(int (*fn)(int), int x) {
  volatile int keep = x;
  return fn(keep) + 1;
}
