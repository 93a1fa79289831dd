/* subunit's subunit_test_pass (the tests link libsubunit.so), defined:
 * Check would report passes through this one. */
void subunit_test_pass(const char *name) { (void)name; }
