/* target_clones: gcc makes an ifunc that picks a clone when loaded. */
__attribute__((target_clones("avx2", "default")))
int sum(const int *a, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += a[i];
	return s;
}
