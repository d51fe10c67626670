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

void run(struct queue *q, struct job *j, void *req) {
  job_watch(j, on_progress);
  job_submit(q, j, on_done, req);
  queue_each(q, count, req);
  job_cancel(j);
}
