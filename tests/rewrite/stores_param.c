/* One loss, one finding: a function that stores its callback parameter
 * (queue_add keeps cb; keep_both stores *check, a dereferenced pointer) is
 * reported at the calls that pass it a function (left-stored, naming the
 * store), and the store itself is listed as left-stored-param.  A function
 * passing its parameter on to one that stores it (add_twice) moves the
 * finding to its own callers.  A store of a parameter no call in the file
 * passes (keep_unused) stays the finding.  A function keeping its parameter
 * as a process-wide hook (set_logger) makes its calls hooks too: no finding. */
#include <fake_uv.h>

typedef void (*job_fn)(void *arg);
struct job {
  job_fn cb;
  void *arg;
};
struct hooks {
  int (*check)(const char *tag);
  int (*save)(const char *tag);
};

static void queue_add(struct job *j, job_fn cb, void *arg) {
  j->cb = cb;
  j->arg = arg;
}
static void add_twice(struct job *j, job_fn cb) {
  queue_add(j, cb, NULL);
  queue_add(j + 1, cb, NULL);
}
static void keep_both(struct hooks *h, int (*check)(const char *), int (*save)(const char *)) {
  h->check = *check;
  h->save = save;
}
void keep_unused(struct job *j, job_fn cb) {
  j->cb = cb;
}
static void (*logger)(const char *line);
static void set_logger(void (*log)(const char *line)) {
  logger = log;
}

static void run_a(void *arg) { (void)arg; }
static void run_b(void *arg) { (void)arg; }
static int check_tag(const char *tag) { return tag != NULL; }
static int save_tag(const char *tag) { return tag == NULL; }
static void log_line(const char *line) { (void)line; }

void go(struct job *jobs, struct hooks *h) {
  queue_add(&jobs[0], run_a, NULL);
  queue_add(&jobs[1], run_b, NULL);
  add_twice(&jobs[2], run_a);
  keep_both(h, check_tag, save_tag);
  set_logger(log_line);
}
