/* c11threads.c -- calls every function line of
 * tool/contracts/c11threads.contracts (check_pack.py checks the rewriter's
 * report); the thread sees its creator's storage value (pack_test.h). */
#include "pack_test.h"

#include <threads.h>

static int thread_main(void *arg) {
  pack_expect(arg);
  return 0;
}
static void init_once(void) {}
static void tss_destructor(void *value) {
  (void)value;
}

static thrd_t thread;
static tss_t key;

static void *register_all(void *arg) {
  (void)arg;
  thrd_create(&thread, thread_main, "thrd_create");
  tss_create(&key, tss_destructor);
  return NULL;
}

int main(void) {
  pack_init();
  static once_flag once = ONCE_FLAG_INIT;
  call_once(&once, init_once);
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  thrd_join(thread, NULL);
  tss_delete(key);
  return pack_finish("c11threads", 1);
}
