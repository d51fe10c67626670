/* queue.h -- the library of tests/cc/project: a request's id, stored in actx. */
#ifndef QUEUE_H
#define QUEUE_H
#include <actx.h>

#define QUEUE_REQUEST_ID 42

extern actx_storage *queue_request;

/* Creates queue_request. */
void queue_init(void);
/* Registers an atexit handler that prints the request it sees: the one
 * current at this call, if actx-cc rewrote queue.c. */
void queue_watch(void);
#endif
