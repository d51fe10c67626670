/* Boxing works for a function-pointer variable too; pthread_once is sync. */
#include <fake_pthread.h>

typedef void *(*entry_fn)(void *);

static pthread_once_t once;
static void init(void) {}

int spawn(pthread_t *t, entry_fn entry, void *arg) {
  pthread_once(&once, init);
  return pthread_create(t, NULL, entry, arg);
}
