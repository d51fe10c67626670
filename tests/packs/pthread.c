/* pthread.c -- calls every function line of tool/contracts/pthread.contracts
 * (check_pack.py checks the rewriter's report); the thread and the fork
 * handlers see their registration's storage value (pack_test.h). */
#include "pack_test.h"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg) {
  pack_expect(arg);
  return NULL;
}
static void init_once(void) {}
static void prepare(void) {
  pack_expect("pthread_atfork prepare");
}
static void parent(void) {
  pack_expect("pthread_atfork parent");
}
static void child(void) {
  if (actx_storage_get(pack_storage) != PACK_VALUE)
    _exit(3);
}
static void key_destructor(void *value) {
  (void)value;
}

static pthread_t thread;
static pthread_key_t key;

static void *register_all(void *arg) {
  (void)arg;
  pthread_create(&thread, NULL, thread_main, "pthread_create");
  pthread_atfork(prepare, parent, child);
  pthread_key_create(&key, key_destructor);
  return NULL;
}

int main(void) {
  pack_init();
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, init_once);
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  pthread_join(thread, NULL);
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    fprintf(stderr, "pthread_atfork child handler lost its registration's value\n");
    return 1;
  }
  pthread_key_delete(key);
  /* the thread; the prepare and parent fork handlers */
  return pack_finish("pthread", 3);
}
