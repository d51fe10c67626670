/* Contract checks: each line of contract_checks.contracts that does not fit
 * these declarations is one warning named by the line (declared twice, still
 * once); lines for functions and types not declared here say nothing. */
typedef void (*done_cb)(int status, void *user);
typedef int not_a_callback;
typedef void (*one_arg_cb)(void *user);
struct options {
  int flags;
  done_cb on_done;
  union {
    done_cb on_error; /* a field of struct options too */
  };
};

int submit(void *q, done_cb cb, void *user);
int submit(void *q, done_cb cb, void *user);
int submit_flags(void *q, int flags);
int log_printf(const char *fmt, ...);
int watch(double when, done_cb cb);
void cancel(void *q);
void get_cb(void *q, done_cb cb);

int go(void) { return 0; }
