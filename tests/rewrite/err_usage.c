/* An unknown option is a usage error (exit 2). */
int go(void) { return 0; }
