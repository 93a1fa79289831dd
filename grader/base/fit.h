/*
 * fit.h - how a measure grows with the input: the exponent b of
 * y = c * x^b, by least squares on (log x, log y), with R^2 of that line.
 * b near 0: flat; near 1: linear; near 2: quadratic.  Neighbours: score.c
 * judges b against the lab spec; plot.c draws the fitted lines.
 */
#ifndef GRADER_FIT_H
#define GRADER_FIT_H

#include <stddef.h>

struct fit {
	double exponent; /* b */
	double coeff;    /* c */
	double r2;       /* 1 is a perfect power law; 0 explains nothing */
};

/*
 * Fits n >= 2 points with x > 0.  A y below 1 is taken as 1 (one byte or
 * one instruction), so that "nothing" fits as flat instead of failing.
 * Returns 0, or -1 if the x's do not vary or n < 2.
 */
int fit_power(const double *x, const double *y, size_t n, struct fit *out);

#endif
