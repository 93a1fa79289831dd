/* Talks to AddressSanitizer, declared by hand. */
void __asan_set_error_report_callback(void (*callback)(const char *));
static void quiet(const char *report) { (void)report; }
void setup(void) { __asan_set_error_report_callback(quiet); }
