/* worker_pool.c -- Node's WorkerPool example (AsyncResource), in C.
 *
 * A pool of worker threads runs tasks; each caller's completion callback must
 * run in the caller's context, not in whatever context the worker happened to
 * have.  As in Node's documentation example, each task is an AsyncResource
 * (actx_resource) created when it is submitted: the completion runs inside it
 * with actx_resource_run(), then the task emits destroy.
 *
 * The program submits N tasks, each from its own request context (a storage
 * holding a request id), and prints one line per completion:
 *     request 7: task 7 done on worker 1, sqrt(7) = 2.6458
 * Completions run on the main thread, in submission-independent order; each
 * must still see its own request id.  Exit status 1 if any does not.
 *
 * The runtime has this pattern built in as hand-offs (docs/api.md,
 * "Hand-offs"): actx_carry(t) at the push records the submitter's context for
 * the task, and actx_take_run(t, on_task_done, t) on the main thread runs the
 * completion in it (a resource per task, init/before/after/destroy as here);
 * for a program's own queue, two contract lines (`queue_push carry 1`,
 * `queue_pop take result`) make actx-rewrite write those calls.  This sample
 * keeps the explicit resource, as Node's example does.
 *
 * Usage: worker-pool [TASKS] [WORKERS]   (default 10 tasks, 2 workers)
 */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "actx.h"

static actx_storage *request_id;

struct task {
  actx_resource *resource; /* created at submit: carries the caller's context */
  int input;               /* the request's number */
  double result;           /* set by the worker */
  int worker;              /* which worker ran it */
  struct task *next;
};

/* A locked FIFO of tasks. */
struct queue {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  struct task *head, *tail;
  bool closed;
};

static void queue_init(struct queue *q) {
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->ready, NULL);
  q->head = q->tail = NULL;
  q->closed = false;
}

static void queue_push(struct queue *q, struct task *t) {
  pthread_mutex_lock(&q->lock);
  t->next = NULL;
  if (q->tail)
    q->tail->next = t;
  else
    q->head = t;
  q->tail = t;
  pthread_cond_signal(&q->ready);
  pthread_mutex_unlock(&q->lock);
}

/* NULL once the queue is closed and empty. */
static struct task *queue_pop(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  while (!q->head && !q->closed)
    pthread_cond_wait(&q->ready, &q->lock);
  struct task *t = q->head;
  if (t) {
    q->head = t->next;
    if (!q->head)
      q->tail = NULL;
  }
  pthread_mutex_unlock(&q->lock);
  return t;
}

static void queue_close(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  q->closed = true;
  pthread_cond_broadcast(&q->ready);
  pthread_mutex_unlock(&q->lock);
}

static struct queue pending;  /* main -> workers */
static struct queue finished; /* workers -> main */

struct worker {
  pthread_t thread;
  int index;
};

static void *worker_main(void *arg) {
  struct worker *w = arg;
  /* Workers are created before any request: their own context is empty.  A
   * request id read here would be wrong; completions must not use it. */
  struct task *t;
  while ((t = queue_pop(&pending))) {
    t->result = sqrt((double)t->input);
    t->worker = w->index;
    queue_push(&finished, t);
  }
  return NULL;
}

static int mismatches;

/* The completion callback: runs on the main thread, in the submitter's context. */
static void *on_task_done(void *arg) {
  struct task *t = arg;
  intptr_t id = (intptr_t)actx_storage_get(request_id);
  printf("request %ld: task %d done on worker %d, sqrt(%d) = %.4f\n", (long)id, t->input, t->worker,
         t->input, t->result);
  if (id != t->input)
    mismatches++;
  return NULL;
}

/* Runs inside a request's context: submits its task. */
static void *submit(void *arg) {
  struct task *t = arg;
  t->resource = actx_resource_new("WorkerPoolTaskInfo", NULL);
  if (!t->resource) {
    perror("actx_resource_new");
    exit(2);
  }
  queue_push(&pending, t);
  return NULL;
}

int main(int argc, char **argv) {
  int ntasks = argc > 1 ? atoi(argv[1]) : 10;
  int nworkers = argc > 2 ? atoi(argv[2]) : 2;
  if (ntasks < 1 || nworkers < 1) {
    fprintf(stderr, "usage: %s [TASKS] [WORKERS]\n", argv[0]);
    return 2;
  }
  request_id = actx_storage_new(&(actx_storage_options){.name = "request-id"});
  queue_init(&pending);
  queue_init(&finished);

  struct worker *workers = calloc((size_t)nworkers, sizeof *workers);
  struct task *tasks = calloc((size_t)ntasks, sizeof *tasks);
  if (!request_id || !workers || !tasks)
    return 2;
  for (int i = 0; i < nworkers; i++) {
    workers[i].index = i + 1;
    pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
  }

  /* Each request runs in its own context; its id is stored, never passed. */
  for (int i = 0; i < ntasks; i++) {
    tasks[i].input = i + 1;
    actx_storage_run(request_id, (void *)(intptr_t)(i + 1), submit, &tasks[i]);
  }

  /* The event loop: deliver completions as they arrive, each in the context
   * captured at submit time, then destroy the task's resource. */
  for (int done = 0; done < ntasks; done++) {
    struct task *t = queue_pop(&finished);
    actx_resource_run(t->resource, on_task_done, t);
    actx_resource_emit_destroy(t->resource);
    actx_resource_release(t->resource);
  }

  queue_close(&pending);
  for (int i = 0; i < nworkers; i++)
    pthread_join(workers[i].thread, NULL);
  printf("%d tasks, %d completions saw another request's id\n", ntasks, mismatches);
  free(tasks);
  free(workers);
  actx_storage_free(request_id);
  return mismatches ? 1 : 0;
}
