/* No newline at the end of the file: thunks start on a new line. */
#include <fake_pthread.h>
static void *worker(void *arg) { return arg; }
int spawn(pthread_t *t, void *arg) { return pthread_create(t, NULL, worker, arg); }