/* Two boxed calls with one signature share a thunk; its prototype shares a
 * line with the first function that needs it. */
#include <fake_pthread.h>

static void *reader(void *arg) { return arg; }
static void *writer(void *arg) { return arg; }

int spawn_reader(pthread_t *t, void *arg) {
  return pthread_create(t, NULL, reader, arg);
}

int spawn_writer(pthread_t *t, void *arg) {
  return pthread_create(t, NULL, writer, arg);
}
