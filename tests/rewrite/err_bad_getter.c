/* A malformed getter line is a usage error naming the file and line. */
int go(void) { return 0; }
