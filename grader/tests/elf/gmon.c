/* __gmon_start__: every library's _init calls it if the program defines it. */
int hit;
void __gmon_start__(void) { hit = 1; }
