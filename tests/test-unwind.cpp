// test-unwind.cpp -- unwinding through actx (ALS-UNWIND-1, ALS-UNWIND-2 and
// HOOK-ERRCB-1 of docs/conformance.md), and
// proof that the public header compiles as C++.
//
// A C++ exception or pthread_exit() that unwinds through a run function must
// leave the caller's context as it was before the run.
#include <cstdint>
#include <stdexcept>

#include <pthread.h>

extern "C" {
#include "test.h"
}

static actx_storage *S;
static int released;

static void on_release(void *, void *) {
  released++;
}

static void *throw_inside(void *arg) {
  if (actx_storage_get(S) != arg)
    return nullptr;
  throw std::runtime_error("boom");
}

static void *nested_throw(void *arg) {
  return actx_storage_run(S, PTR(UINT(arg) + 1), throw_inside, PTR(UINT(arg) + 1));
}

// ALS-UNWIND-1
static void exception_restores_store(void **) {
  S = actx_storage_new(nullptr);
  actx_storage_run(
      S, PTR(1),
      [](void *) -> void * {
        try {
          actx_storage_run(S, PTR(2), nested_throw, PTR(2));
          fail_msg("no exception");
        } catch (const std::runtime_error &) {
        }
        assert_ptr_equal(actx_storage_get(S), PTR(1));
        return nullptr;
      },
      nullptr);
  assert_null(actx_storage_get(S));
  actx_storage_free(S);
}

static int befores, afters;
static int count_before(actx_id, void *) {
  befores++;
  return 0;
}
static int count_after(actx_id, void *) {
  afters++;
  return 0;
}

static void *throw_in_resource(void *) {
  throw 42;
}

// HOOK-ERRCB-1
static void exception_through_resource_run(void **) {
  actx_hook_callbacks cbs = {};
  cbs.before = count_before;
  cbs.after = count_after;
  actx_hook *h = actx_hook_enable(actx_hook_new(&cbs, nullptr));
  actx_resource *r = actx_resource_new("THROWS", nullptr);
  try {
    actx_resource_run(r, throw_in_resource, nullptr);
  } catch (int) {
  }
  // bookkeeping intact: after was emitted, ids restored, next run fine.
  assert_int_equal(befores, 1);
  assert_int_equal(afters, 1);
  assert_int_equal(actx_execution_async_id(), 1);
  assert_null(actx_execution_async_resource());
  actx_resource_run(
      r, [](void *) -> void * { return nullptr; }, nullptr);
  assert_int_equal(afters, 2);
  actx_resource_release(r);
  actx_hook_free(h);
}

static void *exit_inside(void *) {
  pthread_exit(nullptr);
  return nullptr;
}

static void *thread_body(void *) {
  actx_storage_run(
      S, PTR(1), [](void *) -> void * { return actx_storage_run(S, PTR(2), exit_inside, nullptr); },
      nullptr);
  return PTR(1); // not reached
}

// ALS-UNWIND-2, ALS-RELEASE-1
static void pthread_exit_unwinds(void **) {
  actx_storage_options o = {};
  o.release = on_release;
  S = actx_storage_new(&o);
  pthread_t th;
  void *ret = PTR(5);
  assert_int_equal(pthread_create(&th, nullptr, thread_body, nullptr), 0);
  pthread_join(th, &ret);
  assert_null(ret);
  // Both frames the thread made were freed on the way out.
  assert_int_equal(released, 2);
  actx_storage_free(S);
}

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(exception_restores_store),
      cmocka_unit_test(exception_through_resource_run),
      cmocka_unit_test(pthread_exit_unwinds),
  };
  return cmocka_run_group_tests_name("unwind", tests, nullptr, nullptr);
}
