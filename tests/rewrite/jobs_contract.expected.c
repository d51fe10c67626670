#line 1 "jobs_contract.c"
/* The worked example of docs/contracts.md: a project's own callback API. */
struct queue;
struct job;
typedef void (*job_fn)(struct job *job, int status, void *user);
typedef void (*job_progress_fn)(struct job *job, double done);
int job_submit(struct queue *q, struct job *job, job_fn fn, void *user);
int job_watch(struct job *job, job_progress_fn progress);
void job_cancel(struct job *job);
void queue_each(struct queue *q, void (*visit)(struct job *, void *), void *user);

static void on_done(struct job *j, int status, void *user) { (void)j; (void)status; (void)user; }
static void on_progress(struct job *j, double done) { (void)j; (void)done; }
static void count(struct job *j, void *user) { (void)j; (void)user; }

#include <actx.h>
#line 15 "jobs_contract.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (struct job *actx__a0, double actx__a1)); ACTX_BOX_THUNK_DECL(actx_thunk_2, void, (struct job *actx__a0, int actx__a1, void *actx__a2)); void run(struct queue *q, struct job *j, void *req) {
  job_watch(j, ACTX_KEYED_T(actx_thunk_1, on_progress, j, "progress"));
  job_submit(q, j, ACTX_BOXED(actx_thunk_2, on_done), ACTX_BOX_ONCE(on_done, req));
  queue_each(q, count, req);
  job_cancel(j); actx_release_key(j);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 16 "jobs_contract.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (struct job *actx__a0, double actx__a1), (actx__a0, actx__a1))
#line 17 "jobs_contract.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_2, (struct job *actx__a0, int actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
