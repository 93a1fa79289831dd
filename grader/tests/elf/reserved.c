/* A global with a reserved name (C11 7.1.3: leading underscore). */
int _counter;
int bump(void) { return ++_counter; }
