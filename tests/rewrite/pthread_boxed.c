/* pthread_create hands `arg` back to the thread: boxed with a typed thunk. */
#include <fake_pthread.h>

struct job { int id; };

static void *worker(void *arg) { return arg; }

int spawn(pthread_t *t, struct job *j) {
  return pthread_create(t, NULL, worker, j);
}
