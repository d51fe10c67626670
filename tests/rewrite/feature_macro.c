/* A feature macro defined before the first include: the runtime header is
 * included later (just before the first edited function), never above it. */
#define _GNU_SOURCE 1
#include <fake_pthread.h>

static void *worker(void *arg) { return arg; }

int spawn(pthread_t *t) {
  return pthread_create(t, NULL, worker, NULL);
}
