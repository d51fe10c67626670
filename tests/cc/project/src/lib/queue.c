/* queue.c -- found as "queue.h" beside it: actx-cc compiles a copy in TMPDIR,
 * with -iquote src/lib. */
#include "queue.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

actx_storage *queue_request;

static void at_end(void) {
  printf("atexit saw request %ld\n", (long)(intptr_t)actx_storage_get(queue_request));
}

void queue_init(void) {
  queue_request = actx_storage_new(NULL);
}

void queue_watch(void) {
  int unused_on_purpose; /* the warning cc-test.sh expects at this line */
  atexit(at_end);
}
