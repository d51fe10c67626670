// test-bind-unwind.cpp -- a C++ exception or pthread_exit() unwinding through
// a bound callback leaves the caller's context intact (ALS-UNWIND-1 and
// ALS-UNWIND-2 of docs/conformance.md, for bindings): generic stub path, typed
// thunk, box thunk; the caller's frame, execution ids and scope stack are all
// restored, so later scopes work.
#include <actx.h>

#include <pthread.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "bind-common.h"
#include "bind-unwind.h"

static actx_storage *S;
static char OUTER[] = "outer", INNER[] = "inner";
static int failures;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

static int thrower(int x) {
  CHECK(actx_storage_get(S) == INNER);
  if (x > 0)
    throw std::runtime_error("boom");
  return x;
}

static int box_thrower(void *data, int x) {
  CHECK(data == (void *)OUTER);
  return thrower(x);
}

static void *run_and_bind(void *arg) {
  (void)arg;
  return (void *)ACTX_BIND(thrower);
}

static void *nested_scope(void *) {
  return actx_storage_get(S);
}

// After an unwind, the context and the scope stack must be exactly as before.
static void check_restored(actx_id exec_before) {
  CHECK(actx_storage_get(S) == OUTER);
  CHECK(actx_execution_async_id() == exec_before);
  CHECK(actx_execution_async_resource() == nullptr);
  // a scope still works: the stack is not corrupted (corruption is fatal)
  CHECK(actx_storage_run(S, INNER, nested_scope, nullptr) == INNER);
}

// ALS-UNWIND-1
static void exception_generic() {
  int (*b)(int) = (int (*)(int))actx_storage_run(S, INNER, run_and_bind, nullptr);
  actx_storage_enter_with(S, OUTER);
  actx_id before = actx_execution_async_id();
  bool caught = false;
  try {
    b(1);
  } catch (const std::runtime_error &e) {
    caught = std::strcmp(e.what(), "boom") == 0;
  }
  CHECK(caught);
  check_restored(before);
  // through an intermediate C frame as well
  caught = false;
  try {
    call_through_c(b, 2);
  } catch (const std::runtime_error &) {
    caught = true;
  }
  CHECK(caught);
  check_restored(before);
  CHECK(b(0) == 0); // still bound and usable
  CHECK(actx_unbind((actx_fn)b) == 0);
}

// ALS-UNWIND-1, BIND-LIFE-2 (a once box is released by the unwinding call)
static void exception_typed_and_box() {
  actx_storage_enter_with(S, INNER);
  int (*t)(int) = bind_typed(thrower);
  void *box = box_once(box_thrower, OUTER);
  actx_storage_enter_with(S, OUTER);
  actx_id before = actx_execution_async_id();
  size_t live = actx_live_resources();
  bool caught = false;
  try {
    call_through_c(t, 1);
  } catch (const std::runtime_error &) {
    caught = true;
  }
  CHECK(caught);
  check_restored(before);
  caught = false;
  try {
    box_thunk()(box, 1);
  } catch (const std::runtime_error &) {
    caught = true;
  }
  CHECK(caught);
  check_restored(before);
  // the once box was released by the unwinding call
  CHECK(actx_live_resources() == live - 1);
  CHECK(actx_unbind((actx_fn)t) == 0);
}

// ALS-UNWIND-2: pthread_exit from inside a bound callback: the forced unwind restores the
// thread's context before the thread's own cleanup runs.
struct Guard {
  bool *ok;
  actx_id exec;
  ~Guard() {
    *ok = actx_storage_get(S) == OUTER && actx_execution_async_id() == exec;
  }
};

static void exits(void) {
  CHECK(actx_storage_get(S) == INNER);
  pthread_exit(nullptr);
}

static void *bind_exits(void *) {
  return (void *)ACTX_BIND(exits);
}

static bool guard_ok;
static void *exiting_thread2(void *arg) {
  void (*b)(void) = (void (*)(void))arg;
  actx_storage_enter_with(S, OUTER);
  Guard g{&guard_ok, actx_execution_async_id()};
  b();
  return nullptr;
}

static void pthread_exit_through_bound() {
  if (bind_test_no_threads()) {
    std::printf("skipped pthread_exit_through_bound: no threads\n");
    return;
  }
  void (*b)(void) = (void (*)(void))actx_storage_run(S, INNER, bind_exits, nullptr);
  guard_ok = false;
  pthread_t t;
  CHECK(pthread_create(&t, nullptr, exiting_thread2, (void *)b) == 0);
  pthread_join(t, nullptr);
  CHECK(guard_ok);
  CHECK(actx_unbind((actx_fn)b) == 0);
}

int main() {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  S = actx_storage_new(nullptr);
  exception_generic();
  exception_typed_and_box();
  pthread_exit_through_bound();
  actx_storage_enter_with(S, nullptr);
  actx_storage_free(S);
  std::printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
  return failures ? 1 : 0;
}
