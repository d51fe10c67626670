/* A function of this file taking a callback has no contract: by default the
 * argument is left alone and reported; so is a call through a pointer. */
typedef void (*step_fn)(int);
static void run_steps(step_fn f, int n) { for (int i = 0; i < n; i++) f(i); }
static void step(int i) { (void)i; }

void go(void (*apply)(step_fn)) {
  run_steps(step, 3);
  apply(step);
}
