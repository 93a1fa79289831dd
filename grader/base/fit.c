/*
 * fit.c - least-squares power-law fit on log-log axes (see fit.h).
 */
#include "base/fit.h"

#include <math.h>

int fit_power(const double *x, const double *y, size_t n, struct fit *out)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;

	if (n < 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0))
			return -1;
		double lx = log(x[i]), ly = log(y[i] < 1 ? 1 : y[i]);
		sx += lx;
		sy += ly;
		sxx += lx * lx;
		sxy += lx * ly;
	}
	double dn = (double)n;
	double den = dn * sxx - sx * sx;
	if (fabs(den) < 1e-12)
		return -1;
	double b = (dn * sxy - sx * sy) / den;
	double a = (sy - b * sx) / dn;
	double ss_tot = 0, ss_res = 0, mean = sy / dn;
	for (size_t i = 0; i < n; i++) {
		double lx = log(x[i]), ly = log(y[i] < 1 ? 1 : y[i]);
		double e = ly - (a + b * lx);
		ss_res += e * e;
		ss_tot += (ly - mean) * (ly - mean);
	}
	out->exponent = b;
	out->coeff = exp(a);
	/* All y equal: the flat line explains them perfectly. */
	out->r2 = ss_tot < 1e-18 ? 1.0 : 1.0 - ss_res / ss_tot;
	return 0;
}
