/* Callback types as a typedef of a function type (not of a pointer), and an
 * unnamed function-pointer parameter type; both box with a typed thunk. */
typedef void request_done(int status, void *user);
int submit(const char *what, request_done *done, void *user);
int submit_raw(const char *what, void (*done)(int status, const char *msg, void *user), void *user);

static void on_done(int status, void *user) { (void)status; (void)user; }
static void on_raw(int status, const char *msg, void *user) { (void)status; (void)msg; (void)user; }

void go(void *app) {
  submit("a", on_done, app);
  submit_raw("b", on_raw, app);
}
